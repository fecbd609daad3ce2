"""A review's corrective actions still to carry out, and how many are past due (qa72 M2).

The lead's to-do and review planning count them per review; only the final page and the
workbook showed an action "已逾期 67 天" before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcapp.reviews.models import ActionStatus, FindingKind, Review
from rcapp.reviews.outcome_rows import days_overdue


@dataclass(frozen=True)
class ActionCount:
    open: int  # raised or sent back, not closed by the organisation yet
    overdue: int  # of those, past their due date

    def __bool__(self) -> bool:
        return bool(self.open)


def count_actions(review: Review | None, today: dt.date) -> ActionCount:
    """Count the review's open corrective actions and those of them past due."""
    if review is None:
        return ActionCount(0, 0)
    open_actions = [
        f
        for f in review.sent_findings
        if f.kind is FindingKind.CORRECTIVE_ACTION and f.action_status is ActionStatus.OPEN
    ]
    return ActionCount(len(open_actions), sum(1 for f in open_actions if days_overdue(f, today)))
