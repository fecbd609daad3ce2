"""A notice to an organisation's assessment users: everyone who handles its self-assessment.

Deadline changes, extensions and a peer review assigned all go to the same people (the
organisation's active users, reminders.recipients_of), each in their own language, through
the outbox in the caller's transaction: one place decides who they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rcapp.cycles.reminders import recipients_of
from rcapp.mail.notices import compose_notice, queue_notices, reachable

if TYPE_CHECKING:
    from rcapp.accounts.models import User
    from rcapp.organisations.models import Organisation


def notify_assessment_users(
    kind: str,
    organisation: Organisation,
    template: str,
    subject: Callable[[str], Any],
    *,
    cycle_id: int | None,
    actor: User | None,
    **context: Any,
) -> list[User]:
    """Queue `template` (with `organisation` and `context`) to the organisation's users.

    `subject(lang)` is the subject in the reader's language. Return who was told (an
    organisation with no active user with an address: nobody).
    """
    compose = compose_notice(template, subject, organisation=organisation, **context)
    told = reachable(recipients_of(organisation.id))
    queue_notices(
        kind, told, compose, organisation_id=organisation.id, cycle_id=cycle_id, actor=actor
    )
    return told
