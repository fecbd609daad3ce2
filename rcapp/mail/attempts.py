"""Tell an account's owner that an organisation they do not belong to tried to add them.

The admin who tried was shown an invitation, as for a new address (accounts.elsewhere);
the owner learns who tried, that nothing changed, and that the secretariat moves accounts.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.db import utcnow
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.organisations.models import Organisation
from rcapp.web import beijing_time

KIND = "join_attempt"


def queue_attempt_notice(
    owner: User, organisation: Organisation, actor: User
) -> list[OutboxMessage]:
    """Store the notice in the attempt's transaction (none for a stopped account)."""
    compose = compose_notice(
        "mail/join_attempt.txt",
        lambda lang: _(
            "%(organisation)s尝试将您添加为该单位的用户",
            organisation=organisation.display_name(lang),
        ),
        organisation=organisation,
        actor=actor,
        at=utcnow(),
        beijing_time=beijing_time,
    )
    return queue_notices(
        KIND, [owner], compose, organisation_id=organisation.id, cycle_id=None, actor=actor
    )
