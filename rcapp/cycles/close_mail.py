"""Tell the organisations that left a year unfinished that the secretariat closed it.

Closing ends every running late allowance with the year: an organisation the secretariat
gave days to would otherwise find them gone without a word. The notice goes to every
organisation with an unsubmitted assessment of the year and to every one whose allowance
was still running, once, in each reader's language, in the close's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from flask_babel import gettext as _

from rcapp.cycles.reminders import recipients_of
from rcapp.links import external_url
from rcapp.mail.models import OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices

if TYPE_CHECKING:
    from rcapp.accounts.models import User
    from rcapp.cycles.models import ReportingCycle
    from rcapp.organisations.models import Organisation

KIND = "year.close"


class OpenRow(Protocol):
    """What the notice needs of a roster row (see cycles.hooks.Roster)."""

    @property
    def organisation(self) -> Organisation: ...
    @property
    def assessment(self) -> Any: ...  # the assessment (with an `id`), None if not started
    @property
    def is_open(self) -> bool: ...


def _subject(year: int, organisation: Organisation) -> Callable[[str], str]:
    def subject(lang: str) -> str:
        return str(
            _("%(year)d 年度已关闭：%(name)s", year=year, name=organisation.display_name(lang))
        )

    return subject


def queue_close_notices(
    cycle: ReportingCycle,
    rows: Iterable[OpenRow],
    running: Mapping[int, dt.date | None],
    actor: User | None,
) -> list[OutboxMessage]:
    """Queue the notice to the organisations of `rows` the close leaves unfinished.

    `rows` are the year's roster rows read before closing; `running` the allowances still
    running then (late_allowances.running_allowances). An organisation that had not started and
    had no allowance is not written to: nothing of its own ended.
    """
    messages: list[OutboxMessage] = []
    for row in rows:
        organisation = row.organisation
        if not row.is_open or (row.assessment is None and organisation.id not in running):
            continue
        link = (
            external_url("assessments.overview", assessment_id=row.assessment.id)
            if row.assessment is not None
            else external_url("home.index")
        )
        compose = compose_notice(
            "mail/year_closed.txt",
            _subject(cycle.year, organisation),
            organisation=organisation,
            year=cycle.year,
            extended=organisation.id in running,
            until=running.get(organisation.id),
            link=link,
        )
        messages += queue_notices(
            KIND,
            recipients_of(organisation.id),
            compose,
            organisation_id=organisation.id,
            cycle_id=cycle.id,
            actor=actor,
        )
    return messages
