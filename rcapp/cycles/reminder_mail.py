"""Compose a reminder e-mail in the recipient's language (their last chosen UI language).

Each organisation is told its own deadline: the cycle's, or the day its late allowance ends.
One whose own deadline has passed (no allowance, or an allowance that ended) can no longer
submit: its mail says the self-assessment is overdue and asks it to contact the secretariat,
with no call to submit. One whose assessment the secretariat returned for correction is told
so, with the day it was returned, and asked to read the secretariat's notes (QA, December
2026: the generic "尚未提交" did not say why a company that had submitted was reminded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.audit.queries import last_change
from rcapp.clock import beijing_day, beijing_today
from rcapp.cycles.deadline_words import last_day
from rcapp.cycles.deadlines import own_deadlines
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import Compose
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.organisations.models import Organisation

RETURNED = "returned"  # a roster row's status (assessments.roster_rows.RowStatus)


def returned_days(rows: Iterable[Any]) -> dict[int, dt.date]:
    """Return the Beijing day each returned assessment among roster `rows` was last returned.

    Keyed by organisation id; read from the audit entry "return" (the assessment keeps no
    such day), for the returned rows only.
    """
    found = {}
    for row in rows:
        if row.status != RETURNED or row.assessment is None:
            continue
        entry = last_change("assessment", row.assessment.id, None, ("return",))
        if entry is not None:
            found[row.organisation.id] = beijing_day(entry.at)
    return found


def reminder_composer(
    cycle: ReportingCycle, returned: Mapping[int, dt.date] | None = None
) -> Compose:
    """Return compose(user, organisation) -> (subject, body) for `send_reminders`.

    `returned`: the organisations whose assessment is returned for correction, with the day
    (returned_days); their reminder says so.
    """
    returned = returned or {}
    link = external_url("home.index")
    own = own_deadlines(cycle)
    today = beijing_today()

    def compose(user: User, organisation: Organisation) -> tuple[str, str]:
        deadline = own.of(organisation.id)
        overdue = not deadline.may_submit(today)
        returned_on = returned.get(organisation.id)
        with in_recipient_language(user) as lang:
            if overdue:
                subject = _("%(year)d 年度责任关怀自评已逾期", year=cycle.year)
            elif returned_on is not None:
                subject = _(
                    "提醒：贵单位 %(year)d 年度责任关怀自评已退回修改，请在 %(date)s 前重新提交",
                    date=last_day(deadline.day),
                    year=cycle.year,
                )
            else:
                subject = _(
                    "提醒：请在 %(date)s 前提交 %(year)d 年度责任关怀自评",
                    date=last_day(deadline.day),
                    year=cycle.year,
                )
            body = render_template(
                "mail/reminder.txt",
                user=user,
                organisation_name=organisation.display_name(lang),
                cycle=cycle,
                deadline=deadline,
                days=deadline.days_left(today),
                link=link,
                overdue=overdue,
                returned_on=returned_on,
            )
        return subject, body

    return compose
