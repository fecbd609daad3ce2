"""Keep a park's stored result current when a resident's rating changes (qa41 S9).

The park's KPI PK-RC-02 counts its residents rated three stars or more, so its stored self
(and final) result went stale when a resident submitted, was returned, finalised, re-rated
after an appeal or recomputed after the park had submitted, until the secretariat
recomputed the year. Now every commit that changed a resident's kept result
(rating_changes) queues the recomputation of its park's stored results on the task queue,
never in the request: the same rewrite as the year's recomputation (assessments.recompute,
a result that comes out as stored is left alone). Only open years: a closed year's results
stay frozen.

Repeated requests coalesce: while a refresh of a park and year waits in the queue, another
one is not queued (a marker in Huey's store, taken off when the task starts, so a change
committed after it started queues the next one). A marker left by a task lost with its
queue stops coalescing after MARKER_STALE.

The marker also tells that a refresh is pending: one queued longer than a running worker
takes to start it (queue.STALLED_AFTER) means none is taking it, so the park's result page
says its result waits for an update (`stalled_years`) and the secretariat's jobs list names
the parks (`stalled_refreshes`). A marker is the record: no job row, no migration.

The task reports its own state beside the marker (`state_key`): running when it starts,
done or failed when it ends, with the time the park's results were last refreshed; the
result page says which (`refresh_status`), not only "queued, not started". A running state
records its worker, as report jobs and imports do (worker_identity): one whose worker died
on this host is failed at once, not only after MARKER_STALE.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.rating_changes import PENDING_KEY
from rcapp.assessments.recompute import recompute_final, recompute_self
from rcapp.assessments.resident_ratings import validity_years
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import OrganisationKind
from rcapp.queue import STALLED_AFTER, app_task, huey
from rcapp.queue_marker import mark_queued
from rcapp.worker_identity import WORKER_KEY, this_worker, work_lost

logger = logging.getLogger(__name__)

MARKER_STALE = 3600.0  # seconds: a refresh queued this long ago and not started is lost


MARKER_PREFIX = "rcapp.park-refresh:"


def marker(park_id: int, year: int) -> str:
    return f"{MARKER_PREFIX}{park_id}:{year}"


STATE_PREFIX = "rcapp.park-refresh-state:"


def state_key(park_id: int, year: int) -> str:
    """Name where the refresh of the park's results counting `year` reports its state."""
    return f"{STATE_PREFIX}{park_id}:{year}"


class RefreshState(enum.StrEnum):
    QUEUED = "queued"  # its marker waits, a worker takes it in seconds
    STALLED = "stalled"  # queued past the stalled rule: no worker takes it
    RUNNING = "running"
    FAILED = "failed"  # raised, or lost while running (its worker stopped)
    DONE = "done"


@dataclass(frozen=True)
class RefreshStatus:
    """What the park's result page says of its refresh: the state, since when, the last done."""

    state: RefreshState
    since: dt.datetime
    last_done: dt.datetime | None


@contextmanager
def _reported(park_id: int, year: int) -> Iterator[None]:
    """Report the refresh running while the block runs, then done, or failed if it raised."""
    key = state_key(park_id, year)
    kept = huey.get(key, peek=True)
    last_done = kept.get("last_done") if isinstance(kept, dict) else None
    # a retry by the secretariat (retry_refresh) is told on the jobs list until one is done
    retried = (
        {"retried_at": kept["retried_at"]}
        if isinstance(kept, dict) and "retried_at" in kept
        else {}
    )
    running = {"state": RefreshState.RUNNING.value, "at": time.time(), "last_done": last_done}
    huey.put(key, {**running, WORKER_KEY: this_worker(), **retried})
    try:
        yield
    except Exception:
        huey.put(
            key,
            {
                "state": RefreshState.FAILED.value,
                "at": time.time(),
                "last_done": last_done,
                **retried,
            },
        )
        raise
    now = time.time()
    huey.put(key, {"state": RefreshState.DONE.value, "at": now, "last_done": now})


def _years_counted(assessment: Assessment) -> range:
    """Return the ratings years whose refresh rewrites this open year's stored result."""
    cycle = assessment.cycle
    return range(cycle.year - validity_years(cycle) + 1, cycle.year + 1)


def refresh_status(assessment: Assessment, now: float | None = None) -> RefreshStatus | None:
    """Say where the refresh of this (park's) open-year result stands; None if it never ran.

    Over the ratings years it counts: one running first, then one queued (stalled past
    the rule), then one that failed since the last done; else when it was last done.
    A refresh "running" longer than MARKER_STALE was lost with its worker: failed.
    """
    # a company's result counts no residents: no refresh, and no park rubric to read
    if not assessment.cycle.is_open or assessment.organisation.kind is not OrganisationKind.PARK:
        return None
    moment = time.time() if now is None else now
    park_id = assessment.organisation_id
    found: list[tuple[RefreshState, float, float | None]] = []  # (state, since, last done)
    for year in _years_counted(assessment):
        queued = huey.get(marker(park_id, year), peek=True)
        if isinstance(queued, float):
            stalled = moment - queued >= STALLED_AFTER.total_seconds()
            found.append((RefreshState.STALLED if stalled else RefreshState.QUEUED, queued, None))
        kept = huey.get(state_key(park_id, year), peek=True)
        if isinstance(kept, dict):
            state = RefreshState.FAILED if _lost(kept, moment) else RefreshState(kept["state"])
            found.append((state, kept["at"], kept.get("last_done")))
    if not found:
        return None
    done = [last for _, _, last in found if last is not None]
    last_done = max(done) if done else None
    order = [RefreshState.RUNNING, RefreshState.STALLED, RefreshState.QUEUED, RefreshState.FAILED]
    pressing = [
        (order.index(state), at)
        for state, at, _ in found
        if state in order and (state is not RefreshState.FAILED or at > (last_done or 0))
    ]
    if pressing:
        rank, at = min(pressing, key=lambda p: (p[0], -p[1]))
        state, since = order[rank], at
    elif last_done is not None:
        state, since = RefreshState.DONE, last_done
    else:
        return None
    return RefreshStatus(state, _utc(since), None if last_done is None else _utc(last_done))


def _lost(kept: dict[str, Any], now: float) -> bool:
    """Tell whether a refresh reported running was lost with its worker: it failed.

    At once when the worker it recorded died on this host, else after MARKER_STALE.
    """
    if kept["state"] != RefreshState.RUNNING:
        return False
    quiet = dt.timedelta(seconds=now - kept["at"])
    return work_lost(kept.get(WORKER_KEY), quiet, dt.timedelta(seconds=MARKER_STALE))


def _utc(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


@dataclass(frozen=True)
class StalledRefresh:
    """A refresh the jobs list names: stalled since it was queued, or failed when it ended."""

    park_id: int
    year: int  # the residents' ratings year whose change it recomputes for
    queued_at: float  # seconds since the epoch (time.time): queued, or for a failed one failed
    retried_at: float | None = None  # when the secretariat last retried it (retry_refresh)


Stored = list[tuple[str, int, int, Any]]  # (prefix, park id, year, value) of each entry


def _stored() -> Stored:
    """Return the markers and states Huey's store keeps, read once."""
    found = []
    for key, raw in huey.all_results().items():
        name = key.decode() if isinstance(key, bytes) else str(key)
        for prefix in (STATE_PREFIX, MARKER_PREFIX):
            if name.startswith(prefix):
                park_id, _, year = name.removeprefix(prefix).partition(":")
                found.append((prefix, int(park_id), int(year), huey.serializer.deserialize(raw)))
                break
    return found


def _in_order(found: list[StalledRefresh]) -> list[StalledRefresh]:
    return sorted(found, key=lambda refresh: (refresh.park_id, refresh.year))


def stalled_refreshes(
    now: float | None = None, stored: Stored | None = None
) -> list[StalledRefresh]:
    """List the refreshes queued and not started for longer than the stalled rule, in order."""
    moment = time.time() if now is None else now
    stored = _stored() if stored is None else stored
    retried = _retried(stored)
    return _in_order(
        [
            StalledRefresh(park_id, year, queued, retried.get((park_id, year)))
            for prefix, park_id, year, queued in stored
            if prefix == MARKER_PREFIX
            and isinstance(queued, float)
            and moment - queued >= STALLED_AFTER.total_seconds()
        ]
    )


def _retried(stored: Stored) -> dict[tuple[int, int], float]:
    """Return when each refresh was last retried by the secretariat, by (park id, year)."""
    return {
        (park_id, year): kept["retried_at"]
        for prefix, park_id, year, kept in stored
        if prefix == STATE_PREFIX and isinstance(kept, dict) and "retried_at" in kept
    }


def failed_refreshes(
    now: float | None = None, stored: Stored | None = None
) -> list[StalledRefresh]:
    """List the refreshes whose last run failed (or was lost running: _lost), not queued again.

    `queued_at` is when it failed (for one lost running, when it started). One queued
    again waits for its new run: the stalled list names it if no worker takes it.
    """
    moment = time.time() if now is None else now
    stored = _stored() if stored is None else stored
    queued = {(park_id, year) for prefix, park_id, year, _ in stored if prefix == MARKER_PREFIX}
    found = []
    for prefix, park_id, year, kept in stored:
        if prefix != STATE_PREFIX or not isinstance(kept, dict) or (park_id, year) in queued:
            continue
        if kept["state"] == RefreshState.FAILED or _lost(kept, moment):
            found.append(StalledRefresh(park_id, year, kept["at"], kept.get("retried_at")))
    return _in_order(found)


def refreshes_needing_attention(now: float | None = None) -> int:
    """Count the refreshes the jobs list names stalled or failed, reading the store once."""
    stored = _stored()
    return len(stalled_refreshes(now, stored)) + len(failed_refreshes(now, stored))


def retry_refresh(park_id: int, year: int, now: float | None = None) -> bool:
    """Queue a failed refresh again (the secretariat's Retry); False if it is not failed now.

    Queued on the task queue as any refresh, never run in the request; the time of the
    retry stays with its state, so the jobs list says it was retried if it fails again.
    """
    moment = time.time() if now is None else now
    if not any((r.park_id, r.year) == (park_id, year) for r in failed_refreshes(moment)):
        return False
    key = state_key(park_id, year)
    huey.put(key, {**huey.get(key, peek=True), "retried_at": moment})
    enqueue_refresh(park_id, year)
    logger.info("Park %s: refresh counting %s retried", park_id, year)
    return True


def result_waits(assessment: Assessment, now: float | None = None) -> bool:
    """Tell whether a stalled refresh would rewrite this (park's) stored result of an open year.

    A refresh for ratings of `year` rewrites the open years that count them (as
    refresh_park_results): from `year` to `year` + validity - 1.
    """
    waiting = [r.year for r in stalled_refreshes(now) if r.park_id == assessment.organisation_id]
    if not waiting or not assessment.cycle.is_open:
        return False
    return any(year in _years_counted(assessment) for year in waiting)


def enqueue_refresh(park_id: int, year: int) -> bool:
    """Queue the refresh of the park's results counting `year`'s ratings; False: one waits."""
    if not mark_queued(marker(park_id, year), MARKER_STALE):
        return False
    refresh_park_results(park_id, year)
    return True


@app_task()
def refresh_park_results(park_id: int, year: int) -> None:
    """Recompute the park's stored results of each open year counting `year` (logs how many).

    Returns nothing: Huey would keep a returned value in its store until someone read it.
    """
    huey.delete(marker(park_id, year))  # from now on a new change queues a new refresh
    with _reported(park_id, year):
        changed = _refresh(park_id, year)
    logger.info(
        "Park %s: stored results counting %s refreshed, %d rewritten", park_id, year, changed
    )


def _refresh(park_id: int, year: int) -> int:
    """Rewrite the park's stored results counting `year` and commit; return how many changed.

    Committed here, so that "done" is reported only for results written.
    """
    session = db.session()
    changed = 0
    open_years = session.scalars(
        select(ReportingCycle.id)
        .where(ReportingCycle.status == CycleStatus.OPEN, ReportingCycle.year >= year)
        .order_by(ReportingCycle.year)
    ).all()
    for cycle_id in open_years:
        # The cycle's row lock: one after another with the year's recomputation and its close.
        cycle = session.scalar(
            select(ReportingCycle)
            .where(ReportingCycle.id == cycle_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if cycle is None or not cycle.is_open or year <= cycle.year - validity_years(cycle):
            continue
        assessment = session.scalar(
            select(Assessment).where(
                Assessment.organisation_id == park_id, Assessment.cycle_id == cycle.id
            )
        )
        if assessment is None:
            continue
        for step in (recompute_self, recompute_final):
            if step(assessment, None) is not None:
                changed += 1
    session.commit()
    return changed


def _after_commit(session: Session) -> None:
    pending: set[tuple[int, int]] = session.info.pop(PENDING_KEY, set())
    if not pending:
        return
    if huey.immediate:
        # The task runs now, in-process: the committing session may not run SQL any more,
        # so it gets an app context (and a session) of its own.
        with current_app.app_context():
            _enqueue_all(pending)
    else:
        _enqueue_all(pending)


def _enqueue_all(pending: set[tuple[int, int]]) -> None:
    for park_id, year in sorted(pending):
        enqueue_refresh(park_id, year)


def _after_rollback(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


def listen() -> None:
    """Queue the refreshes after every commit (called once, when the app registers)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
