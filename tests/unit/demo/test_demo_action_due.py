"""The demo's corrective action is never due before the day it is raised (qa72 M2).

The demo finalises its reviews the day it is built; a fixed due date of 2026-09-30 made a
demo built in December show the action "overdue 67 days" at once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rcapp.demo import world


@pytest.mark.parametrize(
    ("built", "due"),
    [
        (dt.date(2026, 1, 10), world.ACTION_DUE),  # early: the nominal day
        (dt.date(2026, 7, 1), world.ACTION_DUE),  # still 90 days ahead
        (dt.date(2026, 7, 3), dt.date(2026, 10, 1)),  # later: 90 days from building
        (dt.date(2026, 12, 6), dt.date(2027, 3, 6)),  # qa72's day
    ],
)
def test_the_action_is_due_ahead_of_the_day_the_demo_is_built(built: dt.date, due: dt.date) -> None:
    assert world.action_due(built) == due
    assert world.action_due(built) >= built + dt.timedelta(days=90)
