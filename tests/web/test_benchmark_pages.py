"""Benchmark pages: small groups hidden, peers anonymised for members, names for leads."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from rcapp.benchmarks.models import MemberValues
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_final_stars
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    reviewers_of,
    submit_all,
    submitted,
)


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
    # the words of every group without statistics (peer_groups.no_statistics_text), then
    # what is this page's own: submitted, one reason (qa64 m2), and when at the latest
    assert (
        '<p class="muted" id="no-figures">'
        "本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示。本单位的自评已提交，对标数据最迟在年度关闭时计算。</p>"
    ) in page
    assert "尚未提交" not in page
    assert "0 家" not in page
    assert "有对标数据的成员不足" not in page
    client.get("/lang/en")
    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    assert "0 members" not in page
    assert (
        "This year&#39;s benchmarks are not computed yet, so no group statistics are shown; "
        "they appear once the secretariat computes them. This organisation&#39;s "
        "self-assessment is submitted; the benchmarks are computed when the year closes "
        "at the latest.</p>"
    ) in page


def _own_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld, query: str = ""
) -> str:
    """Commit the world, and open the first company's benchmark page as its member."""
    db_session.commit()
    auth.login(world.members[0].email)
    url = f"/benchmarks/organisations/{world.companies[0].id}{query}"
    return client.get(url).get_data(as_text=True)


def test_a_newest_year_not_computed_is_passed_over_in_the_same_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    newer = make_cycle(year=2026)  # the first company submitted; nothing computed yet
    submitted(world.companies[0], newer, world.members[0], {})
    page = _own_page(client, db_session, auth, world)
    note = page[page.index('id="newest-year"') : page.index("</p>", page.index('id="newest-year"'))]
    assert (
        "2026 年度：本年度的对标数据尚未计算，不显示组统计；秘书处计算后显示。"
        "本单位的自评已提交，对标数据最迟在年度关闭时计算。本页显示有对标数据的 2025 年度。"
    ) in note


def test_a_self_assessment_submitted_after_the_computation_is_not_called_uncomputed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    # the first company submitted after that computation: it has no values in it
    db_session.execute(
        delete(MemberValues).where(MemberValues.organisation_id == world.companies[0].id)
    )
    page = _own_page(client, db_session, auth, world, f"?cycle={world.cycle.id}")
    assert "本年度没有对标数据：自评在本年度上次计算对标数据之后提交，尚未计入" in page
    assert "尚未计算" not in page  # the year was computed


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
    submit_all(review)
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
    assert all(re.fullmatch(r"\d stars?|Below 1 star|Not rated.*", c) for c in cells), cells
