"""The password-reset e-mail: a link to set a new password, in the account's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.services import in_recipient_language, queue_mail

KIND = "password_reset"


def queue_reset_mail(owner: User, token: str) -> OutboxMessage:
    """Store the mail in the outbox (flushed with the caller's work); the link uses BASE_URL."""
    link = external_url("accounts.reset_password", token=token)
    with in_recipient_language(owner):
        subject = str(_("重置责任关怀自评系统的密码"))
        body = render_template(
            "mail/password_reset.txt",
            user=owner,
            minutes=int(current_app.config["PASSWORD_RESET_MINUTES"]),
            link=link,
        )
    return queue_mail(KIND, owner, subject, body, organisation_id=None, cycle_id=None, actor=None)
