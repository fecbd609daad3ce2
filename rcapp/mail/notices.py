"""Notices: tell the people an event needs, one message each, in each reader's language.

The workflow notices (returned assessment, final rating, corrective actions, appeals) are
stored through `queue_notices` in the caller's transaction, so an action rolled back takes
its messages with it; the caller starts delivery after its commit (mail.tasks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import render_template

from rcapp.accounts.models import User
from rcapp.mail.models import OutboxMessage
from rcapp.mail.services import in_recipient_language, queue_mail

# (recipient) -> (subject, body) in the recipient's language
Compose = Callable[[User], tuple[str, str]]


def reachable(users: Iterable[User]) -> list[User]:
    """Active users with an address, each once (a lead may also be a group's deputy)."""
    seen: set[int] = set()
    found = []
    for user in users:
        if user.id in seen or not user.is_active or not (user.email or "").strip():
            continue
        seen.add(user.id)
        found.append(user)
    return found


def compose_notice(template: str, subject: Callable[[str], Any], **context: Any) -> Compose:
    """Return a composer: `subject(lang)` and `template` rendered in the reader's language.

    Both run inside the reader's locale; the template gets `user` and `lang` ("zh"/"en",
    for names stored in both languages) besides `context`.
    """

    def compose(user: User) -> tuple[str, str]:
        with in_recipient_language(user) as lang:
            body = render_template(template, user=user, lang=lang, **context)
            return str(subject(lang)), body

    return compose


def queue_notices(
    kind: str,
    users: Iterable[User],
    compose: Compose,
    *,
    organisation_id: int | None,
    cycle_id: int | None,
    actor: User | None,
) -> list[OutboxMessage]:
    """Store one message per reachable user (inactive or address-less users are skipped)."""
    return [
        queue_mail(
            kind,
            user,
            *compose(user),
            organisation_id=organisation_id,
            cycle_id=cycle_id,
            actor=actor,
        )
        for user in reachable(users)
    ]
