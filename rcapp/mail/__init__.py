"""E-mail: an outbox table, messages composed in the recipient's language, SMTP delivery."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the outbox page; importing the views registers the delivery task with the queue."""
    from rcapp.mail import views

    app.register_blueprint(views.bp)
