"""Tell the secretariat on its home page when e-mail is not going out.

Reminders and notices failing (the SMTP server down or misconfigured) were visible only
in the outbox, which nobody opens unless told to (QA13 S10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, or_, select

from rcapp import db
from rcapp.db import utcnow
from rcapp.mail import failures
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.permissions import Action, can

# Messages that gave up longer ago than this are old news (the outbox still lists them).
RECENT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Failing:
    """Messages failing now, split as the outbox's filters are: still retried, or given up."""

    retrying: int  # pending after a failed attempt: the outbox's 待发送
    failed: int  # given up within the last week: the outbox's 发送失败
    latest: OutboxMessage | None

    @property
    def count(self) -> int:
        return self.retrying + self.failed


def failing_messages() -> Failing:
    """Count the messages failing now (pending after a failed attempt, or given up lately)."""
    retrying = (OutboxMessage.status == MessageStatus.PENDING) & OutboxMessage.last_error.is_not(
        None
    )
    failed = (OutboxMessage.status == MessageStatus.FAILED) & (
        OutboxMessage.created_at >= utcnow() - RECENT
    )
    session = db.session()
    counts = session.execute(
        select(
            func.count().filter(retrying),
            func.count().filter(failed),
        ).select_from(OutboxMessage)
    ).one()
    latest = None
    if counts[0] or counts[1]:
        latest = session.scalars(
            select(OutboxMessage).where(or_(retrying, failed)).order_by(OutboxMessage.id.desc())
        ).first()
    return Failing(counts[0], counts[1], latest)


def render_panel() -> str:
    if not can(current_user, Action.CYCLE_MANAGE):
        return ""
    failing = failing_messages()
    if not failing.count or failing.latest is None:
        return ""
    failure = failures.read(failing.latest.last_error)
    return render_template(
        "mail/_home_failing.html",
        retrying=failing.retrying,
        failed=failing.failed,
        cause=failure.words() if failure else "",
    )
