"""The scorecard PDF's "review under way" line names the on-site visit day.

The result page and the home card said it (templates/assessments/_visit_day.html); the PDF
of the same self-assessed result did not. One partial words it everywhere, with a class,
not an id that repeats where a page shows it twice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard


def assign_onsite(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> str:
    """As the lead, assign the first company an on-site review; return its visit day."""
    day = (beijing_today() + dt.timedelta(days=10)).isoformat()
    auth.login(world.lead.email)
    assigned = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={
            "reviewers": [world.reviewers[1].id, world.reviewers[2].id],
            "kind": "onsite",
            "visit_on": day,
            "due_on": (beijing_today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert assigned.status_code == 302
    return day


VISIT = {"zh": "现场评审日期：{day}。", "en": "On-site visit date: {day}."}


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_of_a_review_under_way_names_the_visit_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(4)
    db_session.commit()
    day = assign_onsite(client, auth, world)
    auth.login(world.members[0].email)
    response = fetch_scorecard(client, world.assessments[0].id, lang)
    assert response.status_code == 200
    text = "".join(pdf_text(response.data).split())
    under_way = {"zh": "同行评审进行中", "en": "Peerreviewinprogress"}[lang]
    assert under_way in text
    visit = "".join(VISIT[lang].format(day=day).split())
    assert visit in text
    assert text.index(under_way) < text.index(visit)


def test_the_review_page_names_the_visit_day_with_a_class_not_an_id(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    db_session.commit()
    day = assign_onsite(client, auth, world)
    auth.login(world.members[0].email)
    for page in (client.get("/"), client.get(f"/assessments/{world.assessments[0].id}/result")):
        body = page.get_data(as_text=True)
        assert f'<p class="visit-day">{VISIT["zh"].format(day=day)}</p>' in body
        assert 'id="visit-day"' not in body
