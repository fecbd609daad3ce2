"""The rules for an assignment's days: the assign page's form and `rcapp reviews assign`.

The reviewers' due day and an on-site review's visit day lie between today and the year's
last day for review work (review_dates.last_review_day); the visit comes no later than the
due day; an on-site review needs its visit day; a desk review keeps none (a day given for
it is not kept, so not checked). Each rule returns the refusal's words, naming the field
by `label`, or None.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from rcapp.fields import before_today_text
from rcapp.reviews.models import ReviewKind

DUE_LABEL = _l("评审结论提交期限")
VISIT_LABEL = _l("现场评审日期")


def day_problem(day: dt.date, label: str, last_day: dt.date | None) -> str | None:
    """Refuse a day before today or after the year's last day for review work."""
    early = before_today_text(label, day)
    if early is not None:
        return early
    if last_day is not None and day > last_day:
        return str(
            _(
                "%(field)s不能晚于本年度评审的最后一天（%(date)s）。",
                field=label,
                date=last_day.isoformat(),
            )
        )
    return None


def visit_problem(
    kind: ReviewKind,
    visit_on: dt.date | None,
    due_on: dt.date | None,
    label: str,
    last_day: dt.date | None,
) -> str | None:
    """Refuse an on-site review's missing, out-of-bounds or after-the-due-day visit day."""
    if kind is not ReviewKind.ONSITE:
        return None  # a desk review has no visit; a day given for it is not kept
    if visit_on is None:
        return str(_("现场评审须填写现场评审日期（年-月-日）。"))
    problem = day_problem(visit_on, label, last_day)
    if problem is None and due_on is not None and visit_on > due_on:
        problem = str(
            _(
                "%(field)s不能晚于评审结论提交期限（%(date)s）。",
                field=label,
                date=due_on.isoformat(),
            )
        )
    return problem
