"""Deadline rules: which deadlines may be set, days left, what counts as late (Beijing dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.clock import BEIJING, beijing_day, to_beijing
from rcapp.cycles.deadlines import (
    DeadlineProblem,
    OwnDeadline,
    days_left,
    deadline_problem,
    is_late,
    submitted_after_deadline,
)
from rcapp.cycles.models import ReportingCycle

OPENED = dt.date(2026, 1, 6)
TODAY = dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (dt.date(2026, 1, 5), DeadlineProblem.BEFORE_OPENING),
        # QA13 D4: a day that has passed may be recorded (the page asks to confirm)
        (dt.date(2026, 1, 6), None),
        (dt.date(2026, 1, 31), None),
        (dt.date(2026, 2, 1), None),  # today: submissions close at the end of the day
        (dt.date(2026, 3, 31), None),
    ],
)
def test_deadline_problem(deadline: dt.date, expected: DeadlineProblem | None) -> None:
    assert deadline_problem(deadline, OPENED, TODAY) is expected


@given(st.dates(), st.dates(), st.dates())
def test_a_deadline_is_accepted_exactly_when_not_before_opening(
    deadline: dt.date, opened: dt.date, today: dt.date
) -> None:
    accepted = deadline_problem(deadline, opened, today) is None
    assert accepted == (deadline >= opened)


def _cycle(deadline: dt.date) -> ReportingCycle:
    return ReportingCycle(year=2025, deadline=deadline)


@pytest.mark.parametrize(
    ("today", "left"),
    [(dt.date(2026, 3, 30), 1), (dt.date(2026, 3, 31), 0), (dt.date(2026, 4, 2), -2)],
)
def test_days_left(today: dt.date, left: int) -> None:
    assert days_left(_cycle(dt.date(2026, 3, 31)), today) == left


@pytest.mark.parametrize(
    ("submitted_utc", "late"),
    [
        # 15:59 UTC on the deadline day is 23:59 in Beijing: still on time
        (dt.datetime(2026, 3, 31, 15, 59, tzinfo=dt.UTC), False),
        # 16:00 UTC is midnight in Beijing: the next day, late
        (dt.datetime(2026, 3, 31, 16, 0, tzinfo=dt.UTC), True),
    ],
)
def test_late_means_after_the_deadline_day_in_beijing(
    submitted_utc: dt.datetime, late: bool
) -> None:
    assert submitted_after_deadline(dt.date(2026, 3, 31), submitted_utc) is late


YEAR_DEADLINE = dt.date(2026, 3, 31)
EXTENDED = OwnDeadline(YEAR_DEADLINE, True, dt.date(2026, 4, 20))


@pytest.mark.parametrize("stored", [True, False])
@pytest.mark.parametrize("deadline", [EXTENDED, OwnDeadline(YEAR_DEADLINE, False)])
def test_a_submission_is_late_as_judged_at_submit_whatever_the_deadline_now(
    deadline: OwnDeadline, stored: bool
) -> None:
    """QA15 D2: a deadline moved afterwards, or an extension, relabels no submission."""
    for today in (dt.date(2026, 3, 1), dt.date(2026, 7, 1)):
        assert is_late(deadline, today, submitted=True, submitted_late=stored) is stored


@pytest.mark.parametrize(
    ("deadline", "today", "late"),
    [
        (EXTENDED, dt.date(2026, 4, 10), False),  # the extension still runs
        (EXTENDED, dt.date(2026, 4, 21), True),  # it has ended
        (OwnDeadline(YEAR_DEADLINE, False), dt.date(2026, 4, 1), True),
        (OwnDeadline(YEAR_DEADLINE, False), YEAR_DEADLINE, False),
        (OwnDeadline(YEAR_DEADLINE, True, None), dt.date(2026, 6, 1), False),
    ],
)
def test_an_unfinished_assessment_is_late_only_once_its_own_deadline_has_passed(
    deadline: OwnDeadline, today: dt.date, late: bool
) -> None:
    assert is_late(deadline, today, submitted=False, submitted_late=False) is late


def test_naive_timestamps_are_taken_as_utc() -> None:
    naive = dt.datetime(2026, 3, 31, 20, 0)  # noqa: DTZ001 - what SQLite hands back
    assert to_beijing(naive) == dt.datetime(2026, 4, 1, 4, 0, tzinfo=BEIJING)
    assert beijing_day(naive) == dt.date(2026, 4, 1)
