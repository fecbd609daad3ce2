"""Tell a user they were given a working-group role (qa51 S6: nobody was told).

Stored in the outbox in the assignment's transaction, as the review assignment mails are;
delivered after the caller's commit (accounts.hooks.InvitationMailer.committed).
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.accounts.forms import GROUP_ROLE_LABELS
from rcapp.accounts.models import GroupRole, User
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.organisations.models import WorkingGroup

KIND = "group_role"


def queue_role_notice(
    user: User, group: WorkingGroup, role: GroupRole, actor: User | None
) -> list[OutboxMessage]:
    """Store the notice of `user`'s new `role` in `group` (none for a stopped account)."""
    compose = compose_notice(
        "mail/group_role.txt",
        lambda lang: _(
            "您已被指定为%(group)s%(role)s",
            group=group.display_name(lang),
            role=GROUP_ROLE_LABELS[role],
        ),
        group=group,
        role=role.value,
        link=external_url("home.index"),
    )
    return queue_notices(KIND, [user], compose, organisation_id=None, cycle_id=None, actor=actor)
