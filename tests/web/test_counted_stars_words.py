"""A vetoed resident counted towards "三星及以上" reads 未评定（一票否决）, not 0 星 (QA last stop).

The park's residents page and the reviewer's KPI data page list the rating each resident
counts with. A veto leaves that result kept as rated with 0 stars: the column said "0 星"
beside 未评定（一票否决） in the self and final columns. Both now say the veto and why
(assessments.counted_words), and a rated resident keeps its stars.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.counted_words import counted_ratings
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.web.test_lead_last_edges import VETO

ZERO = {"zh": "0 星", "en": "0 stars"}
STARS = {"zh": "星", "en": "star"}


def _text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def _cell(row: str, n: int) -> str:
    """The text of a row's n-th <td> cell (-1: the last), its attributes left out."""
    return _text(row.split("<td")[n].split(">", 1)[1])


def _park_of(world: ReviewWorld) -> Organisation:
    """A park whose residents are the world's first three companies, the first vetoed."""
    park = make_park()
    for company in world.companies[:3]:
        company.park_id = park.id
    return park


def _counted_cell(page: str, name: str) -> str:
    """The last cell of a resident's row: the stars it counts with towards 三星及以上."""
    row = next(r.split("</tr>")[0] for r in page.split("<tr")[1:] if name in r)
    return _cell(row, -1)


def _assert_vetoed(cell: str, lang: str) -> None:
    vetoed, reason, _details = VETO[lang]
    assert cell.startswith(f"{vetoed} {reason}"), cell
    assert ZERO[lang] not in cell


def test_the_counted_ratings_keep_the_vetoes_that_left_no_star(db_session: Session) -> None:
    world = make_review_world(3, vetoed=[0])
    park = _park_of(world)
    db_session.flush()
    counted = counted_ratings(park.id, world.cycle)
    first, second = (counted[c.id] for c in world.companies[:2])
    assert first.stars == 0
    assert [hit.rule_id for hit in first.vetoes]
    assert second.vetoes == ()
    assert second.stars


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_park_page_says_a_vetoed_residents_counted_stars_are_none(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3, vetoed=[0])
    park = _park_of(world)
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)
    auth.choose_language(lang)
    page = client.get(f"/benchmarks/parks/{park.id}").get_data(as_text=True)
    _assert_vetoed(_counted_cell(page, world.companies[0].display_name(lang)), lang)
    rated = _counted_cell(page, world.companies[1].display_name(lang))
    assert STARS[lang] in rated
    assert VETO[lang][0] not in rated


def _assignment(park: Organisation, world: ReviewWorld, session: Session) -> ReviewAssignment:
    """A reviewer from another park assigned to the park's submitted assessment of the year."""
    own = make_assessment(park, world.cycle, status="submitted")
    session.flush()
    review = Review(assessment_id=own.id, kind=ReviewKind.DESK)
    session.add(review)
    session.flush()
    other = make_park()
    assignment = ReviewAssignment(
        review_id=review.id, reviewer_id=make_user(other).id, reviewer_organisation_id=other.id
    )
    session.add(assignment)
    session.flush()
    return assignment


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewers_kpi_data_says_a_vetoed_residents_counted_stars_are_none(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3, vetoed=[0])
    park = _park_of(world)
    assignment = _assignment(park, world, db_session)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    auth.choose_language(lang)
    response = client.get(f"/reviews/assignments/{assignment.id}/kpi-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    residents = page[page.index('id="residents"') :]
    name = world.companies[0].display_name(lang)
    row = next(r.split("</tr>")[0] for r in residents.split("<tr")[1:] if name in r)
    _assert_vetoed(_cell(row, 2), lang)
    assert _cell(row, 3) == ("否" if lang == "zh" else "No")
