"""The secretariat's guide to a year: each step's state from the year's facts (cycles.guide_steps).

Table by table, every step's done / now / later boundaries; then what holds for every year
(hypothesis). "Exactly one step is now" is not one of them: while a year is open the
secretariat registers organisations, reminds them, checks KPI figures and follows the
reviews side by side, and the page says so (several steps "now").
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.cycles.guide_steps import (
    Phase,
    ReviewFacts,
    Step,
    StepState,
    YearFacts,
    step_states,
)

DONE, NOW, LATER = StepState.DONE, StepState.NOW, StepState.LATER
OPEN, CLOSING, CLOSED = Phase.OPEN, Phase.CLOSING, Phase.CLOSED

# An open year before its deadline: one organisation submitted, one not, nothing reviewed.
YEAR = YearFacts(
    phase=OPEN,
    days_left=10,
    submitted=1,
    not_submitted=1,
    overdue=0,
    reviews=ReviewFacts(not_reviewed=1, in_progress=0),
    benchmarks_computed=False,
)


def state(step: Step, **changes: object) -> StepState:
    return step_states(replace(YEAR, **changes))[step]  # type: ignore[arg-type]


def test_the_steps_come_in_the_order_of_the_year() -> None:
    assert list(step_states(YEAR)) == list(Step)


def test_a_step_of_a_package_not_installed_is_left_out() -> None:
    states = step_states(replace(YEAR, reviews=None, benchmarks_computed=None))
    assert Step.REVIEWS not in states
    assert Step.BENCHMARKS not in states
    assert list(states) == [s for s in Step if s not in {Step.REVIEWS, Step.BENCHMARKS}]


@pytest.mark.parametrize("phase", list(Phase))
def test_the_year_is_opened_before_anything_else(phase: Phase) -> None:
    assert state(Step.OPEN, phase=phase) is DONE


@pytest.mark.parametrize(("phase", "expected"), [(OPEN, NOW), (CLOSING, DONE), (CLOSED, DONE)])
def test_setup_goes_on_while_the_year_is_open(phase: Phase, expected: StepState) -> None:
    assert state(Step.SETUP, phase=phase) is expected


@pytest.mark.parametrize(
    ("phase", "not_submitted", "expected"),
    [
        (OPEN, 1, NOW),
        (OPEN, 0, DONE),  # everyone submitted
        (CLOSING, 3, DONE),  # no reminders once closed
        (CLOSED, 3, DONE),
    ],
)
def test_remind(phase: Phase, not_submitted: int, expected: StepState) -> None:
    assert state(Step.REMIND, phase=phase, not_submitted=not_submitted) is expected


@pytest.mark.parametrize(
    ("phase", "days_left", "overdue", "expected"),
    [
        (OPEN, 5, 0, LATER),
        (OPEN, 0, 2, LATER),  # the deadline's own day: nobody is late yet
        (OPEN, -1, 2, NOW),
        (OPEN, -1, 0, DONE),  # past it, nobody overdue (submitted or allowed late)
        (CLOSING, -30, 2, DONE),
        (CLOSED, -30, 2, DONE),
    ],
)
def test_late(phase: Phase, days_left: int, overdue: int, expected: StepState) -> None:
    assert state(Step.LATE, phase=phase, days_left=days_left, overdue=overdue) is expected


@pytest.mark.parametrize(
    ("phase", "submitted", "expected"),
    [(OPEN, 1, NOW), (OPEN, 0, LATER), (CLOSING, 1, DONE), (CLOSED, 0, DONE)],
)
def test_kpi_check_once_something_is_submitted(
    phase: Phase, submitted: int, expected: StepState
) -> None:
    assert state(Step.KPI, phase=phase, submitted=submitted) is expected


@pytest.mark.parametrize(
    ("phase", "submitted", "not_reviewed", "in_progress", "expected"),
    [
        (OPEN, 0, 0, 0, LATER),  # nothing submitted to review
        (OPEN, 2, 1, 0, NOW),  # submitted, no reviewer yet
        (OPEN, 2, 0, 1, NOW),  # a review under way
        (OPEN, 2, 0, 0, DONE),  # every submitted one reviewed
        (CLOSING, 2, 1, 1, DONE),  # frozen with the year
        (CLOSED, 2, 1, 1, DONE),
    ],
)
def test_reviews(
    phase: Phase, submitted: int, not_reviewed: int, in_progress: int, expected: StepState
) -> None:
    reviews = ReviewFacts(not_reviewed=not_reviewed, in_progress=in_progress)
    assert state(Step.REVIEWS, phase=phase, submitted=submitted, reviews=reviews) is expected


@pytest.mark.parametrize(
    ("phase", "submitted", "computed", "expected"),
    [
        (OPEN, 0, False, LATER),  # nothing to compute from
        (OPEN, 1, False, NOW),
        (OPEN, 1, True, DONE),
        (CLOSING, 1, False, LATER),  # the freezing computes them
        (CLOSING, 1, True, DONE),
        (CLOSED, 1, True, DONE),
        # No record of a computation (a year closed before they were kept): nothing comes
        # later in a closed year (the page said 稍后 here before).
        (CLOSED, 1, False, DONE),
    ],
)
def test_benchmarks(phase: Phase, submitted: int, computed: bool, expected: StepState) -> None:
    assert (
        state(Step.BENCHMARKS, phase=phase, submitted=submitted, benchmarks_computed=computed)
        is expected
    )


@pytest.mark.parametrize(
    ("phase", "days_left", "expected"),
    [
        (OPEN, 1, LATER),
        (OPEN, 0, LATER),  # the deadline's day is not over
        (OPEN, -1, NOW),
        (CLOSING, 5, NOW),  # closed early: being frozen
        (CLOSED, -1, DONE),
    ],
)
def test_close(phase: Phase, days_left: int, expected: StepState) -> None:
    assert state(Step.CLOSE, phase=phase, days_left=days_left) is expected


@pytest.mark.parametrize(
    ("phase", "made", "expected"),
    [(OPEN, 1, LATER), (CLOSING, 1, LATER), (CLOSED, 0, NOW), (CLOSED, 2, DONE)],
)
def test_files_wait_for_the_frozen_results(phase: Phase, made: int, expected: StepState) -> None:
    assert state(Step.FILES, phase=phase, outputs_made=made) is expected


@pytest.mark.parametrize(
    ("phase", "in_force", "expected"),
    [(OPEN, 1, LATER), (CLOSING, 1, LATER), (CLOSED, 0, NOW), (CLOSED, 1, DONE)],
)
def test_report(phase: Phase, in_force: int, expected: StepState) -> None:
    assert state(Step.REPORT, phase=phase, reports_in_force=in_force) is expected


@pytest.mark.parametrize(("phase", "expected"), [(OPEN, LATER), (CLOSING, LATER), (CLOSED, NOW)])
def test_stars_are_told_once_frozen(phase: Phase, expected: StepState) -> None:
    assert state(Step.STARS, phase=phase) is expected


counts = st.integers(min_value=0, max_value=5)
years = st.builds(
    YearFacts,
    phase=st.sampled_from(Phase),
    days_left=st.integers(min_value=-400, max_value=400),
    submitted=counts,
    not_submitted=counts,
    overdue=counts,
    reviews=st.none() | st.builds(ReviewFacts, not_reviewed=counts, in_progress=counts),
    benchmarks_computed=st.none() | st.booleans(),
    outputs_made=counts,
    reports_in_force=counts,
)
AFTER_CLOSE = (Step.FILES, Step.REPORT, Step.STARS)


@given(years)
def test_the_guide_always_says_what_to_do_now(facts: YearFacts) -> None:
    states = step_states(facts)
    assert states[Step.OPEN] is DONE
    assert NOW in states.values()  # setup (open), the close (closing) or the stars (closed)


@given(years)
def test_the_steps_after_the_close_wait_for_it(facts: YearFacts) -> None:
    states = step_states(facts)
    if states[Step.CLOSE] is not DONE:
        assert all(states[s] is LATER for s in AFTER_CLOSE)
    else:
        assert all(states[s] is not LATER for s in AFTER_CLOSE)


@given(years)
def test_a_closed_year_has_nothing_left_for_later(facts: YearFacts) -> None:
    states = step_states(facts)
    if facts.phase is CLOSED:
        order = list(states)
        before = order[: order.index(Step.CLOSE) + 1]
        assert all(states[s] is DONE for s in before)
        assert LATER not in states.values()


@given(years)
def test_the_close_is_due_once_the_deadline_has_passed(facts: YearFacts) -> None:
    states = step_states(facts)
    due = facts.phase is CLOSING or (facts.phase is OPEN and facts.days_left < 0)
    assert (states[Step.CLOSE] is NOW) == due
    if states[Step.LATE] is NOW:
        assert states[Step.CLOSE] is NOW  # late organisations only once the deadline passed
