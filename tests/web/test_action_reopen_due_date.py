"""A lead sending a corrective action back sets its new due date in the same form (qa72 M2).

Sending back an overdue action kept its old due date: the action was overdue at once and
the lead could not give the company time. The form now shows the action's due date to
change; a day before today is refused with the field's message, and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import settling
from rcapp.reviews.errors import DueDatePassed
from rcapp.reviews.models import ActionStatus
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_action_reopen_reason import REASON, _closed_action

PAST = {"zh": "完成期限不能早于今天", "en": "Due date cannot be before today"}


def _post(client: FlaskClient, action_id: int, due: str) -> tuple[int, str]:
    response = client.post(
        f"/reviews/findings/{action_id}/accept/0",
        data={f"r-{action_id}-reason": REASON, f"r-{action_id}-due_on": due},
    )
    return response.status_code, html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_send_back_form_offers_the_old_due_date_and_refuses_a_past_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = client.get(f"/reviews/{action.review_id}/final").get_data(as_text=True)
    assert f'name="r-{action.id}-due_on"' in page
    assert 'value="2026-06-30"' in page  # the action's own due date, to change

    yesterday = beijing_today() - dt.timedelta(days=1)
    status, page = _post(client, action.id, yesterday.isoformat())
    assert status == 422
    assert PAST[lang] in page
    assert REASON in page  # what was typed stays
    db_session.expire_all()
    assert action.action_status is ActionStatus.CLOSED
    assert action.due_on == dt.date(2026, 6, 30)


def test_a_new_due_date_is_stored_with_the_send_back(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    db_session.commit()
    auth.login(world.lead.email)
    later = beijing_today() + dt.timedelta(days=60)
    status, _page = _post(client, action.id, later.isoformat())
    assert status == 302
    db_session.expire_all()
    assert action.action_status is ActionStatus.OPEN
    assert action.due_on == later
    assert action.reopen_reason == REASON


def test_the_service_refuses_a_past_due_date_too(db_session: Session) -> None:
    world = make_review_world(5)
    action = _closed_action(world)
    with pytest.raises(DueDatePassed):
        settling.accept_action(
            action, False, world.lead, REASON, beijing_today() - dt.timedelta(days=1)
        )
    assert action.action_status is ActionStatus.CLOSED
