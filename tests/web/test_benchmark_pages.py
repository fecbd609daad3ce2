"""Benchmark pages: small groups hidden, peers anonymised for members, names for leads."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_final_stars
from tests.factories_reviews import assign_all, make_review_world, reviewers_of


def test_a_group_of_four_is_hidden_on_the_members_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[0].email)
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    # in the group comparison page's words (peer_groups.no_statistics_text, qa71)
    assert "4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计。" in page
    assert "中位数" not in page


def test_a_year_whose_benchmarks_were_not_computed_says_so_instead_of_empty_groups(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)  # submitted, but the benchmarks were never computed
    db_session.commit()
    auth.login(world.members[0].email)
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    # submitted: the one reason that is true, not "not submitted, or not computed" (qa64 m2)
    assert "本年度没有对标数据：自评已提交，对标数据尚未计算" in page
    assert "尚未提交" not in page
    assert "0 家" not in page
    assert "有对标数据的成员不足" not in page
    client.get("/lang/en")
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    assert "0 members" not in page
    assert "the benchmarks are not computed yet" in page


def test_a_group_of_five_shows_statistics_without_naming_peers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[0].email)
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    assert "中位数" in page
    assert "百分位" in page
    assert world.companies[1].name_zh not in page  # peers stay anonymous
    assert client.get(f"/benchmarks/groups/{world.group.id}").status_code == 403
    auth.logout()
    auth.login(world.lead.email)
    response = client.get(f"/benchmarks/groups/{world.group.id}?sort=section:MS&dir=desc")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(company.name_zh in text for company in world.companies)  # leads see names
    assert "<svg" in text  # the radar of the first member against the group median


def test_another_organisation_cannot_see_a_position(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.members[1].email)
    assert client.get(f"/benchmarks/organisations/{world.companies[0].id}").status_code == 403
    assert client.get(f"/benchmarks/organisations/{world.companies[0].id}/years").status_code == 403
    assert client.get(f"/benchmarks/organisations/{world.companies[1].id}/years").status_code == 200


def test_calibration_page_lists_the_reviewers_of_the_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    for assignment in review.assignments:
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}/calibration").get_data(as_text=True)
    assert review.assignments[0].reviewer.name in page
    assert "+0.00" in page
    auth.logout()
    auth.login(world.members[0].email)
    assert client.get(f"/reviews/groups/{world.group.id}/calibration").status_code == 403


def test_the_lead_sees_each_members_review_status_and_final_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    review.status, review.final_stars = ReviewStatus.FINAL, 4
    make_final_stars(world.assessments[0], 4)  # as settling a review writes it
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    rows = {
        company.name_zh: next(r for r in page.split("<tr>") if f">{company.name_zh}</a>" in r)
        for company in world.companies
    }
    reviewed = rows.pop(world.companies[0].name_zh)
    # Stars as the review pages show them: marks, and the count for screen readers.
    assert '<span class="stars" aria-hidden="true">★★★★☆</span>' in reviewed
    assert '<span class="stars-num">4 星</span>' in reviewed
    assert '<td class="num" data-label="最终星级">4</td>' not in reviewed
    assert '<td class="nowrap" data-label="评审">已定级</td>' in reviewed
    unassigned = '<td class="nowrap" data-label="评审">未指派</td>'
    assert all(unassigned in row and "已定级" not in row for row in rows.values())


def test_benchmark_pages_open_on_the_latest_year_with_statistics_not_a_new_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    newer = make_cycle(year=world.cycle.year + 1)  # opened, nothing submitted or computed
    db_session.commit()
    auth.login(world.members[0].email)
    url = f"/benchmarks/organisations/{world.companies[0].id}"

    assert "中位数" in client.get(url).get_data(as_text=True)
    chosen = client.get(url, query_string={"cycle": newer.id}).get_data(as_text=True)
    assert "本年度没有对标数据：本单位尚未提交该年度的自评。" in chosen
    auth.logout()
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert all(company.name_zh in page for company in world.companies)


def test_the_members_table_says_its_scores_are_the_self_assessed_ones(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    assert "板块得分和绩效指标为各成员提交时的自评结果" in client.get(url).get_data(as_text=True)
    client.get("/lang/en")
    assert "self-assessed results as submitted" in client.get(url).get_data(as_text=True)


def test_the_year_over_year_stars_read_as_stars_not_a_bare_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S4: "Self-assessed stars 0", "Final stars 0 (self-assessed)"; now "0 stars"."""
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[1].email)
    client.get("/lang/en")
    page = client.get(f"/benchmarks/organisations/{world.companies[1].id}/years")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "|", page.get_data(as_text=True)))
    row = re.search(r"Self-assessed stars\|(.*?)\|\s*\|Final stars", text)
    assert row is not None, text
    cells = [c.strip() for c in row.group(1).split("|") if c.strip()]
    assert cells
    assert all(re.fullmatch(r"\d stars?|Not rated.*", c) for c in cells), cells
