"""The secretariat's guide to a year: each step's state (done / now / later) from the year's facts.

Pure: plain figures in (`YearFacts`, gathered by cycles.views.guide from the year page's own
counts), an ordered mapping of step to state out. No Flask, no database, so the rules are
tested table by table (tests/unit/test_guide_steps.py).

The steps are not a queue: several are "now" at once (while a year is open the
secretariat registers organisations, reminds, checks KPI figures and follows the reviews
side by side). What always holds: the first step is done; some step is "now" (the open
year's registration, the close under way, or telling organisations their stars); the steps
after the close wait for it; once the year is closed every step up to the close is done.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Phase(enum.StrEnum):
    """Where the year stands, as its page names it (ReportingCycle.shown_status)."""

    OPEN = "open"
    CLOSING = "closing"  # closed to work, results still being frozen
    CLOSED = "closed"


class Step(enum.StrEnum):
    """The guide's steps, in the order of the year's work (the page's ids: step-<value>)."""

    OPEN = "open"
    SETUP = "setup"
    REMIND = "remind"
    LATE = "late"
    KPI = "kpi"
    REVIEWS = "reviews"
    BENCHMARKS = "benchmarks"
    CLOSE = "close"
    FILES = "files"
    REPORT = "report"
    STARS = "stars"


class StepState(enum.StrEnum):
    DONE = "done"  # 已完成
    NOW = "now"  # 现在
    LATER = "later"  # 稍后


@dataclass(frozen=True)
class ReviewFacts:
    """The year's peer reviews (reviews.year_figures), when the reviews package is installed."""

    not_reviewed: int  # submitted with no peer review set up
    in_progress: int


@dataclass(frozen=True)
class YearFacts:
    phase: Phase
    days_left: int  # to the deadline, counted in Beijing days: 0 on its day, negative after
    submitted: int
    not_submitted: int  # draft or not started, the late ones included
    overdue: int  # not submitted, past the deadline and any extension
    reviews: ReviewFacts | None = None  # None: no peer-review step
    benchmarks_computed: bool | None = None  # None: no benchmarks step
    outputs_made: int = 0  # annual workbooks and scorecard archives made this year
    reports_in_force: int = 0  # published annual report editions neither withdrawn nor replaced


def step_states(facts: YearFacts) -> dict[Step, StepState]:
    """Return each of the year's steps with its state, in the guide's order."""
    states = {
        Step.OPEN: StepState.DONE,
        Step.SETUP: _setup(facts),
        Step.REMIND: _remind(facts),
        Step.LATE: _late(facts),
        Step.KPI: _kpi(facts),
        Step.REVIEWS: _reviews(facts),
        Step.BENCHMARKS: _benchmarks(facts),
        Step.CLOSE: _close(facts),
        Step.FILES: _after_close(facts, facts.outputs_made > 0),
        Step.REPORT: _after_close(facts, facts.reports_in_force > 0),
        Step.STARS: StepState.NOW if facts.phase is Phase.CLOSED else StepState.LATER,
    }
    if facts.reviews is None:
        del states[Step.REVIEWS]
    if facts.benchmarks_computed is None:
        del states[Step.BENCHMARKS]
    return states


def _setup(facts: YearFacts) -> StepState:
    return StepState.NOW if facts.phase is Phase.OPEN else StepState.DONE


def _remind(facts: YearFacts) -> StepState:
    if facts.phase is Phase.OPEN and facts.not_submitted:
        return StepState.NOW
    return StepState.DONE  # everyone submitted, or no more reminders once closed


def _late(facts: YearFacts) -> StepState:
    if facts.phase is not Phase.OPEN:
        return StepState.DONE
    if facts.days_left >= 0:
        return StepState.LATER  # nobody is late before the deadline has passed
    return StepState.NOW if facts.overdue else StepState.DONE


def _kpi(facts: YearFacts) -> StepState:
    if facts.phase is not Phase.OPEN:
        return StepState.DONE
    return StepState.NOW if facts.submitted else StepState.LATER


def _reviews(facts: YearFacts) -> StepState:
    if facts.phase is not Phase.OPEN:
        return StepState.DONE
    if not facts.submitted:
        return StepState.LATER
    reviews = facts.reviews
    if reviews is not None and (reviews.not_reviewed or reviews.in_progress):
        return StepState.NOW
    return StepState.DONE


def _benchmarks(facts: YearFacts) -> StepState:
    # A closed year computes nothing later (the close computed and froze them; a year closed
    # before they were kept has none): done, like every step before the close. While it
    # closes without them they are still to come: the freezing computes them.
    if facts.benchmarks_computed or facts.phase is Phase.CLOSED:
        return StepState.DONE
    if facts.phase is Phase.OPEN and facts.submitted:
        return StepState.NOW
    return StepState.LATER


def _close(facts: YearFacts) -> StepState:
    if facts.phase is Phase.CLOSED:
        return StepState.DONE
    if facts.phase is Phase.CLOSING or facts.days_left < 0:
        return StepState.NOW
    return StepState.LATER


def _after_close(facts: YearFacts, made: bool) -> StepState:
    """Decide the workbook and the report: made from the frozen results, so once closed."""
    if facts.phase is not Phase.CLOSED:
        return StepState.LATER
    return StepState.DONE if made else StepState.NOW
