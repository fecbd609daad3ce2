"""Compose a reminder e-mail in the recipient's language (their last chosen UI language).

Each organisation is told its own deadline: the cycle's, or the day its late allowance ends.
One whose own deadline has passed (no allowance, or an allowance that ended) can no longer
submit: its mail says the self-assessment is overdue and asks it to contact the secretariat,
with no call to submit.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.clock import beijing_today
from rcapp.cycles.deadline_words import last_day
from rcapp.cycles.deadlines import own_deadlines
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import Compose
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.organisations.models import Organisation


def reminder_composer(cycle: ReportingCycle) -> Compose:
    """Return compose(user, organisation) -> (subject, body) for `send_reminders`."""
    link = external_url("home.index")
    own = own_deadlines(cycle)
    today = beijing_today()

    def compose(user: User, organisation: Organisation) -> tuple[str, str]:
        deadline = own.of(organisation.id)
        overdue = not deadline.may_submit(today)
        with in_recipient_language(user) as lang:
            if overdue:
                subject = _("%(year)d 年度责任关怀自评已逾期", year=cycle.year)
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
            )
        return subject, body

    return compose
