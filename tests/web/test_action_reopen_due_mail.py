"""The mail sending a corrective action back names its due date: the new one when extended.

The lead may give the company more time in the send-back form (qa72 M2); the mail quoted
the reason but not the new date, so the company read it only on the page. It now quotes
the stored due date the page shows, and the earlier one beside it when it moved.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import Finding
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.test_action_reopen_reason import REASON, _closed_action

pytestmark = pytest.mark.usefixtures("smtp_server")
OLD_DUE = "2026-06-30"  # _closed_action's due date


def _send_back(
    client: FlaskClient, db_session: Session, action_id: int, due: str | None
) -> dict[str, str]:
    data = {f"r-{action_id}-reason": REASON}
    if due is not None:
        data[f"r-{action_id}-due_on"] = due
    response = client.post(f"/reviews/findings/{action_id}/accept/0", data=data)
    assert response.status_code == 302
    db_session.expire_all()
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "action.reopen"))
    return {row.lang: row.body for row in rows}


def _lead_sees_closed_action(db_session: Session, auth: AuthActions) -> Finding:
    """A closed action of company 0 (one user reads Chinese, one English), the lead logged in."""
    world = make_review_world(5)
    action = _closed_action(world)
    world.reviewers[0].language = "en"  # company 0's second user
    db_session.commit()
    auth.login(world.lead.email)
    return action


def test_an_extended_due_date_is_in_the_mail_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    action = _lead_sees_closed_action(db_session, auth)
    later = beijing_today() + dt.timedelta(days=90)

    bodies = _send_back(client, db_session, action.id, later.isoformat())

    assert action.due_on == later  # the stored value the page shows
    assert (
        f"退回理由：{REASON}\n新的完成期限：{later.isoformat()}（原为 {OLD_DUE}）"
        in bodies["zh_CN"]
    )
    assert f"New due date: {later.isoformat()} (was {OLD_DUE})" in bodies["en"]
    page = client.get(f"/reviews/{action.review_id}/final").get_data(as_text=True)
    assert f"期限：{later.isoformat()}" in page


def test_a_kept_due_date_is_quoted_as_the_due_date(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    action = _lead_sees_closed_action(db_session, auth)

    bodies = _send_back(client, db_session, action.id, None)  # the form's date left out

    assert f"完成期限：{OLD_DUE}" in bodies["zh_CN"]
    assert "新的完成期限" not in bodies["zh_CN"]
    assert f"Due date: {OLD_DUE}" in bodies["en"]
