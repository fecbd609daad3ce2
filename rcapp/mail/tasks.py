"""Queue tasks of the mail package: deliver the outbox in the background."""

from __future__ import annotations

from flask import current_app

from rcapp.mail.delivery import deliver_pending
from rcapp.queue import app_task


@app_task(retries=2, retry_delay=30)
def deliver_outbox() -> tuple[int, int]:
    """Send what is pending; the web request that queued the messages has already returned."""
    return deliver_pending(current_app.config)
