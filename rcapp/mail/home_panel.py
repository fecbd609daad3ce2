"""Tell the secretariat on its home page when e-mail is not going out.

Reminders and notices failing (the SMTP server down or misconfigured) were visible only
in the outbox, which nobody opens unless told to (QA13 S10).
"""

from __future__ import annotations

import datetime as dt

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


def failing_messages() -> tuple[int, OutboxMessage | None]:
    """Return how many messages are failing now, and the latest of them.

    Failing now: still pending after a failed attempt, or given up within the last week.
    """
    failing = or_(
        (OutboxMessage.status == MessageStatus.PENDING) & OutboxMessage.last_error.is_not(None),
        (OutboxMessage.status == MessageStatus.FAILED)
        & (OutboxMessage.created_at >= utcnow() - RECENT),
    )
    session = db.session()
    count = session.scalar(select(func.count()).select_from(OutboxMessage).where(failing)) or 0
    latest = (
        session.scalars(
            select(OutboxMessage).where(failing).order_by(OutboxMessage.id.desc())
        ).first()
        if count
        else None
    )
    return count, latest


def render_panel() -> str:
    if not can(current_user, Action.CYCLE_MANAGE):
        return ""
    count, latest = failing_messages()
    if not count or latest is None:
        return ""
    failure = failures.read(latest.last_error)
    return render_template(
        "mail/_home_failing.html", count=count, cause=failure.words() if failure else ""
    )
