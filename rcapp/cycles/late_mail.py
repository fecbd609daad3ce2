"""An extension granted or moved: tell the organisation its own new deadline and why.

The same people as a deadline change (reminders.recipients_of: the organisation's active
users), through the outbox, each in their language. Before December 2026 granting told
nobody, so the company kept reading the year's deadline (QA: "新的截止日期已过" mails).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from rcapp.cycles.assessment_users import notify_assessment_users
from rcapp.cycles.deadline_words import last_day
from rcapp.links import external_url

if TYPE_CHECKING:
    from rcapp.accounts.models import User
    from rcapp.cycles.models import ReportingCycle
    from rcapp.organisations.models import Organisation

KIND = "late.allow"


def queue_extension_notice(
    cycle: ReportingCycle,
    organisation: Organisation,
    until: dt.date,
    reason: str,
    actor: User | None,
) -> list[User]:
    """Queue the organisation's users its extension to `until` with `reason`; return who."""

    def subject(lang: str) -> str:
        return str(
            _(
                "%(year)d 年度自评延期至 %(date)s：%(name)s",
                year=cycle.year,
                date=last_day(until),
                name=organisation.display_name(lang),
            )
        )

    return notify_assessment_users(
        KIND,
        organisation,
        "mail/extension_granted.txt",
        subject,
        cycle_id=cycle.id,
        actor=actor,
        year=cycle.year,
        deadline=cycle.deadline,
        until=until,
        reason=reason.strip(),
        link=external_url("home.index"),
    )
