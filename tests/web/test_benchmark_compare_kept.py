"""The lead's side-by-side table is kept per content: every change shows at once.

The view keeps the member rows' HTML under a digest of the rows it read (names, scores,
values, reviews) with the language, sort and metrics; these tests change each of those
between two views of the same page and check the second shows the change.
"""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_final_stars
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of


def _rows(client: FlaskClient, world: ReviewWorld, query: str = "") -> dict[str, str]:
    """Each member row of the table by the member's shown name (the median row left out)."""
    page = client.get(f"/benchmarks/groups/{world.group.id}{query}").get_data(as_text=True)
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for row in body.split("<tr>")[1:]:
        if "#radar" in row:
            found[row.split('#radar">', 1)[1].split("</a>", 1)[0]] = row
    return found


def _world(db_session: Session, auth: AuthActions) -> ReviewWorld:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    return world


def test_the_same_table_twice_then_a_rename_a_score_and_a_review_each_show(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, auth)
    first = _rows(client, world)
    assert _rows(client, world) == first
    assert sorted(first) == sorted(c.name_zh for c in world.companies)

    renamed = world.companies[1]
    old_name, renamed.name_zh = renamed.name_zh, "改名后的企业"
    db_session.commit()
    rows = _rows(client, world)
    assert "改名后的企业" in rows
    assert old_name not in rows

    world.assessments[2].overall_score = Decimal("12.3")
    db_session.commit()
    assert (
        '<td class="num" data-label="自评得分">12.3</td>'
        in _rows(client, world)[world.companies[2].name_zh]
    )

    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    db_session.commit()
    assert (
        '<td class="nowrap" data-label="评审">评审中</td>'
        in _rows(client, world)[world.companies[0].name_zh]
    )
    review.status, review.final_stars = ReviewStatus.FINAL, 4
    make_final_stars(world.assessments[0], 4)  # as settling a review writes it
    db_session.commit()
    reviewed = _rows(client, world)[world.companies[0].name_zh]
    assert '<td class="nowrap" data-label="评审">已定级</td>' in reviewed
    assert '<span class="stars-num">4 星</span>' in reviewed


def test_a_member_leaving_and_a_recomputation_show(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, auth)
    by_score = _rows(client, world, "?sort=overall&dir=desc")
    leaving = world.companies[4]
    world.group.organisations.remove(leaving)
    db_session.commit()
    assert leaving.name_zh not in _rows(client, world, "?sort=overall&dir=desc")
    assert len(_rows(client, world, "?sort=overall&dir=desc")) == len(by_score) - 1

    compute_benchmarks(world.cycle, None)  # the member's values are gone from the group
    db_session.commit()
    assert leaving.name_zh not in _rows(client, world, "?sort=overall&dir=desc")


def test_the_kept_table_is_per_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, auth)
    world.companies[0].name_en = "Example Chemicals"
    db_session.commit()
    zh = _rows(client, world)
    client.get("/lang/en")
    en = _rows(client, world)
    assert "Example Chemicals" in en
    assert "Example Chemicals" not in zh
    assert all(
        '<td class="nowrap" data-label="Review">Not assigned</td>' in row for row in en.values()
    )
    client.get("/lang/zh_CN")
    assert _rows(client, world) == zh
