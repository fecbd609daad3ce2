"""E-mail: an outbox table, messages composed in the recipient's language, SMTP delivery."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the outbox page; importing the views registers the delivery task with the queue.

    Invitations to new accounts, the notice to an account's owner that another organisation
    tried to add them, password-reset links and the notice of a new working-group role are
    e-mailed through the outbox (accounts.hooks).
    """
    from rcapp.accounts.hooks import InvitationMailer, set_invitation_mailer
    from rcapp.home import add_home_panel
    from rcapp.mail import home_panel, views
    from rcapp.mail.attempts import queue_attempt_notice
    from rcapp.mail.group_roles import queue_role_notice
    from rcapp.mail.invitations import failed_invitations, queue_invitation
    from rcapp.mail.resets import queue_reset_mail
    from rcapp.mail.services import cancel_unsent_to
    from rcapp.mail.tasks import deliver_outbox

    app.register_blueprint(views.bp)
    add_home_panel(app, home_panel.render_panel)  # the secretariat: mail not going out
    set_invitation_mailer(
        app,
        InvitationMailer(
            queue_invitation,
            deliver_outbox,
            queue_attempt_notice,
            queue_reset_mail,
            queue_role_notice,
            failed_invitations,
            cancel_unsent_to,
        ),
    )
