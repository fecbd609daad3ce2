"""Send the reminders ticked on a list of the year and say what happened, in one place.

The secretariat's list of every organisation and a lead's list of the group's members
(qa72 M1) remind alike: only those not submitted whose commitment holds, at most once a
day per person (cycles.reminders), queued in the outbox and delivered on the task queue,
audited; the page is told how many organisations and addresses were reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from flask import flash
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from rcapp import db
from rcapp.assessments.roster_rows import RosterRow
from rcapp.cycles.deadlines import own_deadlines
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminder_mail import reminder_composer, returned_days
from rcapp.cycles.reminders import send_reminders
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.organisations.models import Organisation


def one_stop(text: str) -> str:
    """End a message once: an English name ending in "Co., Ltd." before the final full stop."""
    return text[:-1] if text.endswith("..") else text


def _names(organisations: Sequence[Organisation]) -> str:
    lang = current_lang()
    return str(_("、")).join(o.display_name(lang) for o in organisations)


def remind_rows(
    cycle: ReportingCycle,
    rows: Sequence[RosterRow],
    chosen: Collection[int],
    today: dt.date,
    *,
    secretariat: bool,
) -> bool:
    """Remind the `chosen` organisations among `rows` that may be reminded; commit.

    Returns False when none could be (the page says why). `secretariat`: the overdue
    note points to its own "allow late submission"; a lead is told to leave that to it.
    """
    picked = [r for r in rows if r.remindable and r.organisation.id in chosen]
    targets = [r.organisation for r in picked]
    # ticked on a page opened before the commitment was suspended, or shown by the filter
    paused = [
        r.organisation for r in rows if r.is_open and r.paused and r.organisation.id in chosen
    ]
    if paused:
        flash(
            one_stop(
                ngettext(
                    "%(num)d 个单位的承诺已暂停或撤回，不发送提醒：%(names)s。",
                    "%(num)d 个单位的承诺已暂停或撤回，不发送提醒：%(names)s。",
                    len(paused),
                    names=_names(paused),
                )
            ),
            "warning",
        )
    if not targets:
        if not paused:
            flash(_("请至少勾选一个尚未提交的单位。"), "error")
        return False
    _send_and_tell(cycle, picked, today, secretariat)
    return True


def _send_and_tell(
    cycle: ReportingCycle, picked: Sequence[RosterRow], today: dt.date, secretariat: bool
) -> None:
    targets = [r.organisation for r in picked]
    composer = reminder_composer(cycle, returned_days(picked))
    sent = send_reminders(cycle, targets, current_user, composer)
    messages = sent.messages
    db.session().commit()
    deliver_outbox()  # on the task queue: the SMTP server is never waited for here
    reached = {m.organisation_id for m in messages}
    already = {o.id for o in sent.already_reminded}
    unreached = [o for o in targets if o.id not in reached and o.id not in already]
    if reached:
        flash(
            _(
                "已安排向 %(organisations)s发送提醒（%(mails)s），可在发件箱查看发送情况。",
                organisations=ngettext("%(num)d 个单位", "%(num)d 个单位", len(reached)),
                mails=ngettext("%(num)d 封邮件", "%(num)d 封邮件", len(messages)),
            )
            if secretariat
            else _(
                "已安排向 %(organisations)s发送提醒（%(mails)s），邮件将在后台发送。",
                organisations=ngettext("%(num)d 个单位", "%(num)d 个单位", len(reached)),
                mails=ngettext("%(num)d 封邮件", "%(num)d 封邮件", len(messages)),
            ),
            "success",
        )
    own = own_deadlines(cycle)
    overdue = [o for o in targets if o.id in reached and not own.of(o.id).may_submit(today)]
    if overdue:  # they cannot submit: their mail says so, and the sender is told
        flash(
            one_stop(
                _(
                    "以下单位已逾期且未获准逾期提交，不能再提交；发给它们的是“已逾期”通知，"
                    "请其联系秘书处。如需让其提交，请先“允许逾期提交”：%(names)s。",
                    names=_names(overdue),
                )
                if secretariat
                else _(
                    "以下单位已逾期且未获准逾期提交，不能再提交；发给它们的是“已逾期”通知，"
                    "请其联系秘书处：%(names)s。",
                    names=_names(overdue),
                )
            ),
            "warning",
        )
    if already:  # a repeated click: each person gets one reminder a day
        flash(
            one_stop(
                _(
                    "以下单位今天已收到提醒（本年度或其他进行中的年度），未重复发送：%(names)s。",
                    names=_names(sent.already_reminded),
                )
            ),
            "warning",
        )
    if unreached:  # no active account: nobody there would get the e-mail
        flash(
            _(
                "以下单位没有在用的账号，未能发送提醒：%(names)s。请在“用户”中为其添加用户。",
                names=_names(unreached),
            )
            if secretariat
            else _(
                "以下单位没有在用的账号，未能发送提醒：%(names)s。请联系秘书处为其添加用户。",
                names=_names(unreached),
            ),
            "warning",
        )
