"""The invitation e-mail: the link to set a first password, in the invitee's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.services import INVITATION_DAYS
from rcapp.i18n import person_text
from rcapp.links import external_url
from rcapp.mail import failures
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.mail.services import in_recipient_language, queue_mail
from rcapp.organisations.hooks import open_rounds, open_years
from rcapp.organisations.joining_year import joined_years
from rcapp.organisations.models import Organisation

KIND = "invitation"


def queue_invitation(
    invitee: User, token: str, organisation: Organisation | None, actor: User | None
) -> OutboxMessage:
    """Store the invitation for `invitee` in the outbox (flushed with the caller's work).

    The link is built from BASE_URL, never from the request's Host header.
    """
    link = external_url("accounts.accept_invitation", token=token)
    if organisation is None and len(invitee.memberships) == 1:
        organisation = invitee.memberships[0].organisation
    # A newcomer learns what the system is for, where it is explained and by when (qa50 #3).
    round_ = _round_of(organisation)
    # A colleague's invitation is signed by them, the committee's by the secretariat.
    inviter = actor if actor is not None and not actor.is_secretariat else None
    with in_recipient_language(invitee) as lang:
        subject = _invitation_subject(actor, organisation, lang)
        organisation_name = organisation.display_name(lang) if organisation else None
        body = render_template(
            "mail/invitation.txt",
            user=invitee,
            organisation_name=organisation_name,
            days=INVITATION_DAYS,
            link=link,
            inviter=inviter,
            inviter_organisation=organisation_name if inviter else None,
            guide_link=external_url("assessments.guide") if organisation else None,
            year=round_[0] if round_ else None,
            deadline=round_[1].isoformat() if round_ else None,
        )
    return queue_mail(
        KIND,
        invitee,
        subject,
        body,
        organisation_id=organisation.id if organisation else None,
        cycle_id=None,
        actor=actor,
    )


def _round_of(organisation: Organisation | None) -> tuple[int, dt.date] | None:
    """Return the open year the organisation fills in first, and its deadline, if any.

    Only a year it takes part in (organisations.joining_year, signed_for's rule): none is
    named to one that has not signed, or signed after the open years (QA63 M1).
    """
    if organisation is None:
        return None
    signed_on = organisation.commitment_signed_on
    joined = joined_years(organisation.commitment_status, signed_on, open_years())
    rounds = [(year, day) for year, day in open_rounds() if year in joined]
    return min(rounds, default=None)


def _invitation_subject(actor: User | None, organisation: Organisation | None, lang: str) -> str:
    """Say who invites: the committee (the secretariat, the command line) or a colleague."""
    if actor is None or actor.is_secretariat:
        return str(_("责任关怀工作委员会邀请您使用责任关怀自评系统"))
    if organisation is None:
        return str(_("%(name)s邀请您使用责任关怀自评系统", name=person_text(actor.name)))
    return str(
        _(
            "%(name)s（%(organisation)s）邀请您使用责任关怀自评系统",
            name=person_text(actor.name),
            organisation=organisation.display_name(lang),
        )
    )


def failed_invitations(addresses: Collection[str]) -> dict[str, str]:
    """Say, per address, why its newest invitation mail was not sent (qa60 #1).

    Only addresses whose newest invitation failed for good: a newer one queued since (the
    address corrected, a new link) is what counts. The users page shows it on the row.
    """
    if not addresses:
        return {}
    newest: dict[str, OutboxMessage] = {}
    for message in db.session().scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == KIND, OutboxMessage.to_address.in_(list(addresses)))
        .order_by(OutboxMessage.id)
    ):
        newest[message.to_address] = message
    return {
        address: failure.words()
        for address, message in newest.items()
        if message.status is MessageStatus.FAILED
        and (failure := failures.read(message.last_error)) is not None
    }
