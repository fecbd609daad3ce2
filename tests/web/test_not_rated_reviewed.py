"""A reviewed result that is not rated (a prerequisite unmet) reads 未评定, never 0 星.

The self-assessment and the final result of such a company are both kept with 0 stars;
only their snapshots' `rated` flags say "not rated". Company 0 of the world leaves P1
unmet; company 1 is rated. Both reviews are finished.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.data_peer import review_section
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories import make_park, make_user
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_and_finalise,
)


def _world(db_session: Session) -> tuple[ReviewWorld, list[Review]]:
    world = make_review_world(5, unmet=[0])
    reviews = assign_all(world)
    for review in reviews[:2]:
        submit_and_finalise(review, world.lead)
    assert reviews[0].final_stars == 0
    assert reviews[1].final_stars
    db_session.commit()
    return world, reviews


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _row(page: str, name: str) -> str:
    """The text of the table row naming `name`, tags dropped."""
    return _text(next(r for r in page.split("<tr") if name in r))


def test_the_lead_group_page_says_not_rated_in_both_star_columns(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session)
    auth.login(world.lead.email)

    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)

    unrated = _row(page, world.companies[0].name_zh)
    assert unrated.count("未评定") == 2
    assert "0 星" not in unrated
    assert "未评定" not in _row(page, world.companies[1].name_zh)


def test_the_final_page_says_not_rated_for_the_final_and_the_self_result(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, reviews = _world(db_session)
    auth.login(world.lead.email)
    client.get("/lang/en")

    page = client.get(f"/reviews/{reviews[0].id}/final").get_data(as_text=True)
    rating = _text(page.split('id="rating"')[1].split("<table")[0])

    assert rating.count("Not rated") == 2
    assert "0 stars" not in rating
    rated = client.get(f"/reviews/{reviews[1].id}/final").get_data(as_text=True)
    assert "Not rated" not in _text(rated.split('id="rating"')[1].split("<table")[0])


def test_the_organisation_page_and_the_own_review_list_say_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session)
    company = world.companies[0]
    auth.login(world.members[0].email)

    organisation = client.get(f"/organisations/{company.id}").get_data(as_text=True)
    listed = client.get("/reviews/").get_data(as_text=True)

    finals = _text(organisation.split('id="reviews-heading"')[1].split("</table>")[0])
    assert "未评定" in finals
    assert "0 星" not in finals
    own = _text(listed.split("2025 · ")[1].split("</li>")[0])
    assert "未评定" in own
    assert "0 星" not in own


def test_the_years_page_says_not_rated_for_self_and_final_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session)
    auth.login(world.members[0].email)

    page = client.get(f"/benchmarks/organisations/{world.companies[0].id}/years")
    text = page.get_data(as_text=True)

    assert _row(text, "自评星级").split()[-1] == "未评定"
    assert _row(text, "最终星级").split()[-1] == "未评定"


def test_the_park_page_counts_and_shows_final_0_stars_and_not_rated_apart(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session)
    park = make_park()
    for company in world.companies:
        company.park_id = park.id
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)

    page = client.get(f"/benchmarks/parks/{park.id}").get_data(as_text=True)

    assert '未达 1 星</th><td class="num">0</td><td class="num">0</td>' in page
    assert '未评定</th><td class="num">1</td><td class="num">1</td>' in page
    unrated = _row(page, world.companies[0].name_zh)
    # self and final stars, then the rating counted for "three stars or more" (qa45 D5)
    assert unrated.endswith("未评定 未评定 未评定 （2025 年度，最终）")


def test_the_scorecard_report_says_the_final_result_is_not_rated(
    app: Flask, db_session: Session
) -> None:
    _world_, reviews = _world(db_session)

    with app.test_request_context():
        rows = {row[0]: row[1] for row in review_section(reviews[0]).rows}
        rated = {row[0]: row[1] for row in review_section(reviews[1]).rows}

    assert rows["最终星级"] == "未评定"
    assert rated["最终星级"].endswith("星")
