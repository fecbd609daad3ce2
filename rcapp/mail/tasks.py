"""Queue tasks of the mail package: deliver the outbox in the background."""

from __future__ import annotations

from flask import current_app

from rcapp.mail.delivery import deliver_pending
from rcapp.queue import app_task


@app_task()
def deliver_outbox() -> tuple[int, int]:
    """Send what is pending; the web request that queued the messages has already returned.

    A message the SMTP server did not take stays pending (with the error) and is tried again
    on the next run: the next reminder, the outbox's "send now" button or `rcapp mail deliver`.
    """
    return deliver_pending(current_app.config)
