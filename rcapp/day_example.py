"""The example a day field's format note gives: one rule for every date on every form.

A fixed example ("例如 2026-12-31") fell in the past after that day and read as a hint to
type a past deadline. The example is counted from today instead: two weeks ahead for a day
to come (a deadline, an extension, a due date), two weeks back for a day that happened (a
signing, a joining, an audit filter), and kept within the days a bounded form accepts.
"""

from __future__ import annotations

import datetime as dt

from rcapp.clock import beijing_today

EXAMPLE_DISTANCE = dt.timedelta(days=14)


def example_day(
    first: dt.date | None = None, last: dt.date | None = None, *, past: bool = False
) -> dt.date:
    """Return the day to show as a day field's example, between `first` and `last` if given.

    A day to come: two weeks after today or after `first`, whichever is later, never a past
    day. A day that happened (`past`): two weeks before today.
    """
    today = beijing_today()
    day = today - EXAMPLE_DISTANCE if past else max(first or today, today) + EXAMPLE_DISTANCE
    if last is not None:
        day = min(day, last)
    if first is not None:
        day = max(day, first)
    return day
