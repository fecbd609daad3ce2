"""The company's review mails state only due days the lead stored (QA grouprun 3).

Withdrawing a reviewer left a legacy review whose other reviewer had submitted, with no due
day: the "changed" notice said the reviewers were due 21 days ahead, the assign form's
default nobody had chosen.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing
from rcapp.reviews.company_mail import CHANGED
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def _changed_bodies(db_session: Session, to: str) -> list[str]:
    return list(
        db_session.scalars(
            select(OutboxMessage.body).where(
                OutboxMessage.kind == CHANGED, OutboxMessage.to_address == to
            )
        )
    )


def test_withdrawing_beside_a_submitted_reviewer_states_no_due_day(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]  # no due day stored: made before they were
    done, gone = review.assignments
    reviewing.accept_remaining(done, list(review.sample), set(), done.reviewer)
    reviewing.submit_assignment(done, done.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    response = client.post(f"/reviews/assignments/{gone.id}/withdraw", data={"confirmed": "1"})
    assert response.status_code == 302
    (body,) = _changed_bodies(db_session, world.members[0].email)
    assert "已指派 1 名同行评审员" in body
    assert "前提交评审意见" not in body
    default = (beijing_today() + dt.timedelta(days=21)).isoformat()
    assert default not in body


def test_a_stored_due_day_of_a_reviewer_at_work_is_still_stated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    kept, gone = review.assignments
    day = beijing_today() + dt.timedelta(days=9)
    kept.due_on = day
    db_session.commit()
    auth.login(world.lead.email)
    client.post(f"/reviews/assignments/{gone.id}/withdraw", data={"confirmed": "1"})
    (body,) = _changed_bodies(db_session, world.members[0].email)
    assert f"评审员须于 {day.isoformat()}（北京时间）前提交评审意见。" in body
