"""qa50 M1: the loss field says its unit; a loss that raises the grade needs a tick to save."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Event
from tests.conftest import AuthActions
from tests.web.helpers import error_beside, member_with_assessment, page_text

EVENT = {
    "event_type": "mass_incident",
    "grade": "",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "0",
    "direct_loss": "350000",
    "description": "厂外聚集",
}


@pytest.mark.parametrize(
    ("lang", "unit", "asked", "tick"),
    [
        (
            "zh",
            "单位为万元：35 = 35 万元 = 350,000 元。",
            "350,000 万元即 3,500,000,000 元，按国务院令第493号达到“特别重大”事故的标准",
            "数值无误",
        ),
        ("en", "35 = CNY 350,000", "CNY 3,500,000,000", "The figure is correct"),
    ],
)
def test_a_loss_that_raises_the_grade_is_kept_and_asked_about_then_saved_when_ticked(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    unit: str,
    asked: str,
    tick: str,
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/events"
    assert unit in page_text(client, url)
    response = client.post(url, data=EVENT)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert asked in error_beside(page, "direct_loss")
    assert 'value="350000"' in page  # the figure is kept
    assert (
        f'name="loss_confirmed" value="350000" aria-describedby="direct_loss-error"> {tick}' in page
    )
    assert db_session.query(Event).count() == 0
    response = client.post(url, data={**EVENT, "loss_confirmed": "350000"})
    assert response.status_code == 302
    (event,) = db_session.query(Event).all()
    assert event.direct_loss_10k_yuan == 350000
    # the edit page keeps the confirmation of the stored figure: saving again asks nothing
    edit = f"/assessments/{assessment.id}/events/{event.id}"
    assert 'name="loss_confirmed" value="350000" checked' in page_text(client, edit)


def test_a_tick_for_another_figure_does_not_confirm_this_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/events"
    response = client.post(url, data={**EVENT, "direct_loss": "500000", "loss_confirmed": "350000"})
    assert response.status_code == 422
    assert db_session.query(Event).count() == 0
