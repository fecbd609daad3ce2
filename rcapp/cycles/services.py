"""Reporting-cycle operations: open a year, close it (freezing results), reopen it with a reason.

Services flush and never commit; each change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from rcapp import db
from rcapp.audit.services import record
from rcapp.clock import BEIJING, beijing_today
from rcapp.cycles.closed_groups import freeze_groups
from rcapp.cycles.closed_parks import freeze_parks
from rcapp.cycles.deadlines import InvalidDeadline, deadline_problem, opened_on
from rcapp.cycles.hooks import cycle_results, run_reopen_actions
from rcapp.cycles.late_allowances import (
    InvalidLateDate,
    find_allowance,
    late_date_problem,
    superseded_allowances,
)
from rcapp.cycles.models import CycleStatus, LateAllowance, ReportingCycle
from rcapp.cycles.reopened import reopened_on
from rcapp.db import utcnow
from rcapp.errors import InvalidState, RcappError
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.registry import RubricRegistry, RubricSummary
from rcapp.uniques import AlreadyStored, claim

if TYPE_CHECKING:
    from rcapp.accounts.models import User

logger = logging.getLogger(__name__)


OPENING_HOUR = dt.time(9, tzinfo=BEIJING)  # a cycle opened on a past day: that morning


class YearTaken(RcappError):
    """A reporting cycle for this year already exists."""


def available_rubrics(registry: RubricRegistry) -> tuple[list[RubricSummary], list[str]]:
    """Summaries of the rubric versions that load, and one line per version that does not.

    One broken file must not stop the secretariat from opening a year with the others.
    """
    try:
        versions = registry.versions()
    except RubricError as exc:
        return [], [str(exc)]
    summaries, problems = [], []
    for rubric_id, version in versions:
        try:
            loaded = registry.get(rubric_id, version)
        except RubricError as exc:
            problems.append(f"{rubric_id} v{version}: {exc}")
            continue
        rubric = loaded.rubric
        summaries.append(
            RubricSummary(
                id=rubric.id,
                version=rubric.version,
                kind=rubric.kind,
                effective_year=rubric.effective_year,
                title=rubric.title,
                sha256=loaded.sha256,
            )
        )
    return summaries, problems


def find_cycle_by_year(year: int) -> ReportingCycle | None:
    return db.session().scalar(select(ReportingCycle).where(ReportingCycle.year == year))


def list_cycles() -> list[tuple[ReportingCycle, dict[str, int]]]:
    """Every cycle, newest year first, with its number of assessments per status."""
    cycles = db.session().scalars(select(ReportingCycle).order_by(ReportingCycle.year.desc()))
    counts = _status_counts(None)
    return [(cycle, counts.get(cycle.id, {})) for cycle in cycles]


def rubric_years() -> dict[str, tuple[int, ...]]:
    """Return the years each rubric version ("id@version") was used for, oldest first."""
    used: dict[str, list[int]] = {}
    rows = db.session().execute(
        select(
            ReportingCycle.year,
            ReportingCycle.company_rubric_id,
            ReportingCycle.company_rubric_version,
            ReportingCycle.park_rubric_id,
            ReportingCycle.park_rubric_version,
        ).order_by(ReportingCycle.year)
    )
    for year, company_id, company_version, park_id, park_version in rows:
        for key in (f"{company_id}@{company_version}", f"{park_id}@{park_version}"):
            years = used.setdefault(key, [])
            if year not in years:  # one file for both kinds (a test rubric) counts once
                years.append(year)
    return {key: tuple(years) for key, years in used.items()}


def cycle_years() -> tuple[int, ...]:
    """Return the years that have a cycle, oldest first."""
    return tuple(db.session().scalars(select(ReportingCycle.year).order_by(ReportingCycle.year)))


def list_open_cycles() -> list[ReportingCycle]:
    """Return the cycles open now, latest year first."""
    statement = (
        select(ReportingCycle)
        .where(ReportingCycle.status == CycleStatus.OPEN)
        .order_by(ReportingCycle.year.desc())
    )
    return list(db.session().scalars(statement))


def closing_cycles() -> list[ReportingCycle]:
    """Return the cycles whose close is under way (results still being frozen), latest first."""
    statement = (
        select(ReportingCycle)
        .where(
            ReportingCycle.status == CycleStatus.CLOSED,
            ReportingCycle.close_requested_at.is_not(None),
            ReportingCycle.closed_at.is_(None),
        )
        .order_by(ReportingCycle.year.desc())
    )
    return list(db.session().scalars(statement))


def latest_cycle() -> ReportingCycle | None:
    """Return the cycle of the latest year, if any (the new-year form proposes its rubrics)."""
    return (
        db.session()
        .scalars(select(ReportingCycle).order_by(ReportingCycle.year.desc()).limit(1))
        .first()
    )


def open_or_latest_cycle() -> ReportingCycle | None:
    """Return the open year (the latest, if several), else the latest year, if any."""
    return next(iter(list_open_cycles()), None) or latest_cycle()


def assessment_counts(cycle: ReportingCycle) -> dict[str, int]:
    """Count the assessments of `cycle` per status ("draft", "submitted", ...)."""
    return _status_counts(cycle.id).get(cycle.id, {})


def _status_counts(cycle_id: int | None) -> dict[int, dict[str, int]]:
    return cycle_results().status_counts(cycle_id)


def open_cycle(
    year: int,
    company_rubric: RubricSummary,
    park_rubric: RubricSummary,
    deadline: dt.date,
    actor: User | None,
    opened_on: dt.date | None = None,
) -> ReportingCycle:
    """Open the year; InvalidDeadline if the deadline is before `opened_on` (default today).

    `opened_on` lets the demo record a past year as it was opened back then.
    """
    if find_cycle_by_year(year) is not None:
        raise YearTaken(str(year))
    if company_rubric.kind != "company" or park_rubric.kind != "park":
        raise ValueError("a cycle needs a company rubric and a park rubric")
    today = opened_on or beijing_today()
    problem = deadline_problem(deadline, today, today)
    if problem is not None:
        raise InvalidDeadline(problem)
    cycle = ReportingCycle(
        year=year,
        company_rubric_id=company_rubric.id,
        company_rubric_version=company_rubric.version,
        park_rubric_id=park_rubric.id,
        park_rubric_version=park_rubric.version,
        deadline=deadline,
        status=CycleStatus.OPEN,
    )
    if opened_on is not None:
        # Opened on a past day (the demo): recorded as opened then, so that day bounds the
        # deadline form as it would have (deadlines.opened_on).
        cycle.created_at = dt.datetime.combine(opened_on, OPENING_HOUR)
    try:
        with claim(ReportingCycle, "year"):
            db.session().add(cycle)
    except AlreadyStored as exc:  # opened by another request since the check
        raise YearTaken(str(year)) from exc
    record(actor, "cycle", cycle.id, "open", after=_snapshot(cycle))
    logger.info("Cycle %s (%s) opened by %s", cycle.id, year, _actor_id(actor))
    return cycle


def change_deadline(
    cycle: ReportingCycle,
    deadline: dt.date,
    actor: User | None,
    made_late: Collection[int] = (),
    kept_on_time: Collection[int] = (),
) -> int:
    """Move the deadline; InvalidDeadline if before the cycle opened. Past days are allowed.

    `made_late`: the organisations the new day makes late (deadlines.newly_overdue), which
    the secretary confirmed; they are audited with the change. Allowances ending on or
    before the new deadline give no day more and are ended, each audited; return how many.
    `kept_on_time`: the organisations that submitted after the new day, on time by the
    deadline then in force (deadlines.kept_on_time); audited too, as still on time.
    """
    if not cycle.is_open:
        raise InvalidState("cycle", cycle.status.value, "change the deadline")
    if deadline == cycle.deadline:
        return 0
    problem = deadline_problem(deadline, opened_on(cycle), beijing_today())
    if problem is not None:
        raise InvalidDeadline(problem)
    record(
        actor, "cycle", cycle.id, "update", field="deadline", before=cycle.deadline, after=deadline
    )
    if made_late:
        after = {"deadline": deadline, "organisation_ids": sorted(made_late)}
        record(actor, "cycle", cycle.id, "deadline.late", after=after)
    if kept_on_time:
        after = {"deadline": deadline, "organisation_ids": sorted(kept_on_time)}
        record(actor, "cycle", cycle.id, "deadline.kept_on_time", after=after)
    cycle.deadline = deadline
    superseded = superseded_allowances(cycle.id, deadline)
    for allowance in superseded:
        before = {"organisation_id": allowance.organisation_id, "until": allowance.until}
        record(actor, "cycle", cycle.id, "late.superseded", before=before, after=deadline)
        db.session().delete(allowance)
    db.session().flush()
    logger.info("Cycle %s deadline %s by %s", cycle.id, deadline, _actor_id(actor))
    return len(superseded)


def start_closing(cycle: ReportingCycle, actor: User | None) -> None:
    """Close the year to work at once; its results are frozen next (finish_closing).

    A conditional update: of two secretaries closing at once, the second is refused.
    From here no organisation can save or submit, so the set of results to freeze is fixed.
    """
    requested = utcnow()
    changed = db.session().execute(
        update(ReportingCycle)
        .where(ReportingCycle.id == cycle.id, ReportingCycle.status == CycleStatus.OPEN)
        .values(
            status=CycleStatus.CLOSED,
            close_requested_at=requested,
            closed_at=None,
            closed_by_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined] # CursorResult at runtime
        db.session().refresh(cycle)
        raise InvalidState("cycle", cycle.status.value, "close")
    db.session().refresh(cycle)
    # after: "closing" (正在关闭), not nothing, which read as if the status were erased (QA36 S6)
    before, after = {"status": "open"}, {"status": "closing"}
    record(actor, "cycle", cycle.id, "close.start", before=before, after=after)
    logger.info("Cycle %s closing, asked by %s", cycle.id, _actor_id(actor))


def finish_closing(
    cycle: ReportingCycle, actor: User | None, checkpoint: Callable[[], None] | None = None
) -> int:
    """Freeze the results of a year being closed, then mark it closed; return how many.

    Freezing is asked of the package that owns the results (see cycles.hooks); with
    `checkpoint` (the background close) it commits as it goes and can be run again.
    """
    if not cycle.is_closing:
        raise InvalidState("cycle", cycle.status.value, "close")
    freeze_parks(cycle)  # each company's park as of this close (closed_parks)
    freeze_groups(cycle)  # each membership and signatory as of this close (closed_groups)
    frozen = cycle_results().freeze(cycle, actor, checkpoint)
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = utcnow()
    cycle.closed_by_id = actor.id if actor is not None else None
    record(actor, "cycle", cycle.id, "close", after={"frozen_assessments": frozen})
    db.session().flush()
    logger.info("Cycle %s closed by %s (%d frozen)", cycle.id, _actor_id(actor), len(frozen))
    return len(frozen)


def close_cycle(cycle: ReportingCycle, actor: User | None) -> int:
    """Close the year and freeze the results in one go; return how many were frozen.

    For the command line and the demo; the web closes in the background (cycles.tasks).
    """
    start_closing(cycle, actor)
    return finish_closing(cycle, actor)


def reopen_cycle(
    cycle: ReportingCycle,
    reason: str,
    actor: User | None,
    revived: Mapping[int, dt.date | None] | None = None,
) -> None:
    """Reopen a closed year; frozen results stay until the year is closed again.

    Late allowances stay stored while the year is closed, so they run again: `revived`
    (organisation id: last day) names those the page showed, for the audit log.
    """
    if not cycle.is_closed:  # not while the worker is still freezing its results
        raise InvalidState("cycle", cycle.status.value, "reopen")
    if not reason.strip():
        raise ValueError("reopening a cycle needs a reason")
    before = {
        "status": cycle.status,
        "closed_at": cycle.closed_at,
        "closed_by_id": cycle.closed_by_id,
    }
    cycle.status = CycleStatus.OPEN
    cycle.close_requested_at = None
    cycle.closed_at = None
    cycle.closed_by_id = None
    after: dict[str, object] = {"status": cycle.status}  # closed -> open (QA47 D5)
    if revived:
        after["late_allowances"] = {str(org): until for org, until in sorted(revived.items())}
    record(actor, "cycle", cycle.id, "reopen", before=before, after=after, reason=reason.strip())
    db.session().flush()
    run_reopen_actions(cycle, actor)  # e.g. reviews held for a conflict declared while closed
    logger.info("Cycle %s reopened by %s", cycle.id, _actor_id(actor))


class AllowanceChanged(RcappError):
    """Another request granted the allowance between the check and the insert."""


def allow_late_submission(
    cycle: ReportingCycle,
    organisation_id: int,
    until: dt.date,
    actor: User | None,
    reason: str = "",
) -> bool:
    """Let one organisation submit after the deadline until the end of `until`, or move that day.

    InvalidLateDate if `until` is in the past, before the cycle's deadline or beyond
    late_allowances.latest_late_date (counted from a reopening, if any); False if the
    allowance already ends on `until`. AllowanceChanged if another request granted one
    meanwhile: its day stands, the caller shows it. `reason` (optional: why this one,
    QA68 #8) is the audit entry's reason; the allowance keeps none of its own.
    """
    if not cycle.is_open:
        raise InvalidState("cycle", cycle.status.value, "allow a late submission")
    reopened = reopened_on(cycle.id)  # a reopened year counts its last day from then
    problem = late_date_problem(until, cycle.deadline, beijing_today(), reopened)
    if problem is not None:
        raise InvalidLateDate(problem)
    allowance = find_allowance(cycle.id, organisation_id)
    if allowance is not None:
        return _move_late_date(cycle, allowance, until, actor, reason)
    allowance = LateAllowance(
        cycle_id=cycle.id,
        organisation_id=organisation_id,
        allowed_by_id=actor.id if actor is not None else None,
        until=until,
    )
    try:
        with claim(LateAllowance, "cycle_id", "organisation_id"):
            db.session().add(allowance)
    except AlreadyStored as exc:  # granted by another request since the check
        raise AllowanceChanged(str(organisation_id)) from exc
    after = {"organisation_id": organisation_id, "until": until}
    record(actor, "cycle", cycle.id, "late.allow", after=after, reason=reason or None)
    logger.info(
        "Cycle %s: late submission allowed for org %s until %s", cycle.id, organisation_id, until
    )
    return True


def _move_late_date(
    cycle: ReportingCycle,
    allowance: LateAllowance,
    until: dt.date,
    actor: User | None,
    reason: str,
) -> bool:
    if allowance.until == until:
        return False
    before = {"organisation_id": allowance.organisation_id, "until": allowance.until}
    after = {"organisation_id": allowance.organisation_id, "until": until}
    record(
        actor, "cycle", cycle.id, "late.change", before=before, after=after, reason=reason or None
    )
    allowance.until = until
    db.session().flush()
    logger.info(
        "Cycle %s: late allowance of org %s moved to %s by %s",
        cycle.id,
        allowance.organisation_id,
        until,
        _actor_id(actor),
    )
    return True


def withdraw_late_allowance(
    cycle: ReportingCycle, organisation_id: int, actor: User | None
) -> bool:
    """Take back one organisation's late allowance; False if it had none (already withdrawn).

    From then on the cycle's deadline is its deadline again. Audited with the day it had.
    """
    if not cycle.is_open:
        raise InvalidState("cycle", cycle.status.value, "withdraw a late allowance")
    allowance = find_allowance(cycle.id, organisation_id)
    if allowance is None:
        return False
    before = {"organisation_id": organisation_id, "until": allowance.until}
    record(actor, "cycle", cycle.id, "late.withdraw", before=before)
    db.session().delete(allowance)
    db.session().flush()
    logger.info(
        "Cycle %s: late allowance of org %s withdrawn by %s",
        cycle.id,
        organisation_id,
        _actor_id(actor),
    )
    return True


def _snapshot(cycle: ReportingCycle) -> dict[str, Any]:
    return {
        "year": cycle.year,
        "company_rubric": f"{cycle.company_rubric_id} v{cycle.company_rubric_version}",
        "park_rubric": f"{cycle.park_rubric_id} v{cycle.park_rubric_version}",
        "deadline": cycle.deadline,
    }


def _actor_id(actor: User | None) -> int | str:
    return actor.id if actor is not None else "cli"
