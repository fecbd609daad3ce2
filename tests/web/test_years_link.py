"""A company's result, its review outcome and its home card link the years page (与往年比较).

QA (the company admin after her peer review) wanted to compare this year's result with
last year's and found no way there: the years page (历年对比) was linked only from the
benchmark pages. The link shows only when an earlier year was submitted and the viewer may
open the years page (benchmarks.permissions.can_see_position).
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.reviews.models import Review
from rcapp.reviews.years_link import years_url
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

LINK = {"zh": ">与往年比较</a>", "en": ">Compare with earlier years</a>"}


def _reviewed() -> tuple[ReviewWorld, Review]:
    """Company 0: 2024 submitted, 2025 submitted and its peer review final."""
    world = make_review_world(6)
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    return world, review


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html.unescape(response.get_data(as_text=True))


def _pages(world: ReviewWorld, review: Review) -> dict[str, str]:
    return {
        "result": f"/assessments/{world.assessments[0].id}/result",
        "final": f"/reviews/{review.id}/final",
        "home": "/",
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_final_and_home_link_the_years_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _reviewed()
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    years = f"/benchmarks/organisations/{world.companies[0].id}/years"
    for name, url in _pages(world, review).items():
        page = _text(client, url)
        assert f'<a href="{years}" class="years-link"{LINK[lang]}' in page, name
    # ... and the page it leads to opens for her, with both years
    compared = _text(client, years)
    assert '<th scope="col" class="num">2024' in compared
    assert '<th scope="col" class="num">2025' in compared


def test_no_link_without_an_earlier_submitted_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _reviewed()
    earlier = db_session.scalars(
        select(Assessment).where(
            Assessment.organisation_id == world.companies[0].id,
            Assessment.id != world.assessments[0].id,
        )
    ).one()
    earlier.status = AssessmentStatus.DRAFT  # never submitted: no year to compare with
    db_session.commit()
    auth.login(world.members[0].email)
    for name, url in _pages(world, review).items():
        assert "years-link" not in _text(client, url), name
    # the earlier year's own result has no year before it either
    earlier.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    assert "years-link" not in _text(client, f"/assessments/{earlier.id}/result")
    assert "years-link" in _text(client, f"/assessments/{world.assessments[0].id}/result")


def test_the_secretariat_and_the_lead_see_it_and_an_outsider_gets_none(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _review = _reviewed()
    outsider = make_user(world.companies[1])  # another company's member
    db_session.commit()
    result = f"/assessments/{world.assessments[0].id}/result"
    for user in (world.secretariat, world.lead):
        auth.login(user.email)
        assert "years-link" in _text(client, result)
        auth.logout()
    with app.test_request_context():
        from flask_login import login_user

        login_user(outsider)
        assert years_url(world.assessments[0]) is None  # her years page would answer 403
        assert years_url(world.assessments[1]) is not None  # her own company's
