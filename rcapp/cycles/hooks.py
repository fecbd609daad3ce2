"""What cycles ask of the packages above them, without importing them.

Closing a year freezes the assessments' results and the cycle pages count assessments,
but assessments depend on cycles, not the other way round. The assessments package
registers a `CycleResults` with `set_cycle_results(app, ...)` when it is registered.
Packages with work of their own in a year (peer reviews, appeals) add a `CloseNotice`:
the close page lists what is unfinished before the secretariat confirms.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from flask import Flask, current_app

if TYPE_CHECKING:
    import datetime as dt

    from rcapp.accounts.models import User
    from rcapp.cycles.models import ReportingCycle

_KEY = "rcapp.cycle_results"
_NOTICES = "rcapp.cycle_close_notices"
_REOPEN_NOTICES = "rcapp.cycle_reopen_notices"
_REOPEN_ACTIONS = "rcapp.cycle_reopen_actions"


class Roster(Protocol):
    """One row per organisation in the cycle (`only` these organisations, if given)."""

    def __call__(
        self, cycle: ReportingCycle, today: dt.date, only: Collection[int] | None = None
    ) -> list[Any]: ...


def _no_rows(
    cycle: ReportingCycle, today: dt.date, only: Collection[int] | None = None
) -> list[Any]:
    return []


@dataclass(frozen=True)
class CycleResults:
    """The results of a cycle's assessments, as the package that owns them provides.

    `freeze(cycle, actor, checkpoint)` freezes the results of the cycle's submitted
    assessments and returns their ids, calling `checkpoint` (a commit, in the background
    close) between chunks; `freeze_progress(cycle)` says how many of them a close under
    way has frozen, as (frozen, submitted); `status_counts(cycle_id)` counts assessments
    per cycle id and status (every cycle when `cycle_id` is None); `roster(cycle, today)`
    gives one row per organisation in the cycle (status, late, progress, stars; see
    `cycles.tally.RowLike`), or only for the organisations given as `only`.
    """

    freeze: Callable[[ReportingCycle, User | None, Callable[[], None] | None], list[int]]
    status_counts: Callable[[int | None], dict[int, dict[str, int]]]
    roster: Roster = _no_rows
    freeze_progress: Callable[[ReportingCycle], tuple[int, int]] = lambda _cycle: (0, 0)
    # When a close under way last moved: asked, or its latest result frozen (None: unknown).
    freeze_moved_at: Callable[[ReportingCycle], dt.datetime | None] = lambda _cycle: None
    # The rows of `roster` given with their progress (which reads answers).
    with_progress: Callable[[list[Any]], list[Any]] = lambda rows: rows
    # The roster's counts (tally.counts of `roster`), read without building the rows.
    roster_counts: Callable[[ReportingCycle, dt.date], dict[str, int]] = lambda _c, _t: {}


# Before any package registers there is nothing to freeze or count.
NO_RESULTS = CycleResults(
    freeze=lambda _cycle, _actor, _checkpoint: [], status_counts=lambda _id: {}
)


def set_cycle_results(app: Flask, results: CycleResults) -> None:
    app.extensions[_KEY] = results


def cycle_results() -> CycleResults:
    found = current_app.extensions.get(_KEY)
    return found if isinstance(found, CycleResults) else NO_RESULTS


@dataclass(frozen=True)
class CloseNotice:
    """A partial for the close page, from a package with work of its own in the year.

    `values(cycle)` gives the partial's variables (as `notice`), or None to leave it out.
    `unconfirmed(cycle, ticked)` names the cases the secretariat must confirm one by one
    before the year closes and did not tick (`ticked`: the values of the posted
    "confirm_case" boxes); the close is refused while any is left.
    """

    template: str
    values: Callable[[ReportingCycle], Mapping[str, Any] | None]
    unconfirmed: Callable[[ReportingCycle, Collection[str]], list[str]] = lambda _cycle, _ticked: []


def add_close_notice(app: Flask, notice: CloseNotice) -> None:
    app.extensions.setdefault(_NOTICES, []).append(notice)


def close_notices(cycle: ReportingCycle) -> list[tuple[str, Mapping[str, Any]]]:
    """Return (template, values) of each registered notice with something to say."""
    return _shown(current_app.extensions.get(_NOTICES, []), cycle)


def add_reopen_notice(app: Flask, notice: CloseNotice) -> None:
    """Add a partial to the reopen page (its `unconfirmed` is not asked: nothing to confirm)."""
    app.extensions.setdefault(_REOPEN_NOTICES, []).append(notice)


def reopen_notices(cycle: ReportingCycle) -> list[tuple[str, Mapping[str, Any]]]:
    """Return (template, values) of each registered reopen notice with something to say."""
    return _shown(current_app.extensions.get(_REOPEN_NOTICES, []), cycle)


def add_reopen_action(app: Flask, action: Callable[[ReportingCycle, User | None], None]) -> None:
    """Add work a package does once a year is reopened, in the reopening's transaction."""
    app.extensions.setdefault(_REOPEN_ACTIONS, []).append(action)


def run_reopen_actions(cycle: ReportingCycle, actor: User | None) -> None:
    for action in current_app.extensions.get(_REOPEN_ACTIONS, []):
        action(cycle, actor)


def _shown(
    notices: list[CloseNotice], cycle: ReportingCycle
) -> list[tuple[str, Mapping[str, Any]]]:
    shown = []
    for notice in notices:
        values = notice.values(cycle)
        if values is not None:
            shown.append((notice.template, values))
    return shown


def unconfirmed_cases(cycle: ReportingCycle, ticked: Collection[str]) -> list[str]:
    """Name every case of every notice that must be confirmed before closing and was not."""
    names: list[str] = []
    for notice in current_app.extensions.get(_NOTICES, []):
        names.extend(notice.unconfirmed(cycle, ticked))
    return names
