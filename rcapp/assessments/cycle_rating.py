"""Rate every submitted assessment of a cycle at once: scores and stars, set-based.

One GROUP BY over the answers table per pinned rubric sums each assessment's level items
per element (weights and evidence levels joined from a VALUES table built from the
rubric, N/A rows left out of the denominators, levels capped for missing evidence as the
engine caps them). A handful of further set queries fetch what the gates need (number
answers, prerequisites, sections declared N/A, KPI inputs and history, events), and
rcapp.scoring.cycle finishes each assessment with the engine's own roll-up, KPI ladder
and star gates. The result equals `score_assessment` for every assessment (tested on
SQLite and PostgreSQL) without loading a single assessment object.

Saved answers are assumed to be valid for their rubric (the services check them on
save); an assessment the engine would refuse as invalid is rated here anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, Numeric, bindparam, text

from rcapp.assessments.events import CHINA_TIME
from rcapp.assessments.inputs import (
    NOT_REVIEWED,
    EventRecord,
    ReviewContext,
    _events,
    _usable_history,
)
from rcapp.db import UTCDateTime
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Answer, ScoringContext
from rcapp.scoring.cycle import (
    AssessmentFacts,
    ElementSums,
    Rating,
    RubricPlan,
    core_inputs,
    incomplete,
    plan_for,
    rate,
    years_reported_before,
)

RubricLoader = Callable[[str, int, str], Rubric]
Pin = tuple[str, int, str]
_CHUNK = 500
_NUMBER = Numeric(20, 6)  # as the models declare answers.value and kpi_values.value


@dataclass(frozen=True)
class _Row:
    assessment_id: int
    organisation_id: int
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class Prepared:
    """One assessment's facts as fetched in bulk, ready for scoring.cycle.rate."""

    assessment_id: int
    plan: RubricPlan
    facts: AssessmentFacts
    context: ScoringContext


def rate_cycle(
    conn: Connection,
    cycle_id: int,
    rubric_for: RubricLoader,
    reviews: Mapping[int, ReviewContext] | None = None,
) -> dict[int, Rating]:
    """Return assessment id → Rating for every submitted assessment of the cycle.

    `reviews` maps assessment ids to how they were reviewed (read in bulk by the caller);
    an assessment it does not list was not reviewed, as review_hook says today.
    """
    return {
        p.assessment_id: rate(p.plan, p.facts, p.context)
        for p in cycle_facts(conn, cycle_id, rubric_for, reviews)
    }


def cycle_facts(
    conn: Connection,
    cycle_id: int,
    rubric_for: RubricLoader,
    reviews: Mapping[int, ReviewContext] | None = None,
) -> list[Prepared]:
    """Fetch what rating needs for every submitted assessment: a few set queries in all.

    Results are fetched whole (`.all()`): row by row, psycopg costs several times more.
    """
    year = conn.execute(
        text("SELECT year FROM reporting_cycles WHERE id = :c"), {"c": cycle_id}
    ).scalar_one()
    pins: dict[Pin, list[_Row]] = {}
    for row in conn.execute(
        text(
            "SELECT id, organisation_id, rubric_id, rubric_version, rubric_sha256, submitted_at"
            " FROM assessments WHERE cycle_id = :c AND status = 'submitted'"
        ).columns(submitted_at=UTCDateTime()),
        {"c": cycle_id},
    ).all():
        submitted = row.submitted_at
        pin = (row.rubric_id, row.rubric_version, row.rubric_sha256)
        pins.setdefault(pin, []).append(_Row(row.id, row.organisation_id, submitted))
    if not pins:
        return []
    cores = sorted({name for pin in pins for name in core_inputs(rubric_for(*pin))})
    kpis = _kpi_inputs(conn, cycle_id, year, cores)
    events = _event_rows(conn, cycle_id)
    prepared: list[Prepared] = []
    for pin, rows in pins.items():
        plan = _plan(rubric_for(*pin))
        prepared.extend(
            _prepare_pin(conn, cycle_id, year, pin, plan, rows, kpis, events, reviews or {})
        )
    return prepared


@cache
def _plan_cached(rubric: Rubric) -> RubricPlan:
    return plan_for(rubric)


def _plan(rubric: Rubric) -> RubricPlan:
    return _plan_cached(rubric)


_PIN_FILTER = (
    "s.cycle_id = :c AND s.status = 'submitted' AND s.rubric_id = :rid"
    " AND s.rubric_version = :ver AND s.rubric_sha256 = :sha"
)


def _prepare_pin(
    conn: Connection,
    cycle_id: int,
    year: int,
    pin: Pin,
    plan: RubricPlan,
    rows: Sequence[_Row],
    kpis: Mapping[int, Mapping[int, dict[str, Decimal]]],
    events: Mapping[int, list[EventRecord]],
    reviews: Mapping[int, ReviewContext],
) -> Iterator[Prepared]:
    params = {"c": cycle_id, "rid": pin[0], "ver": pin[1], "sha": pin[2]}
    sums = _element_sums(conn, plan, params)
    numbers = _number_answers(conn, plan, params)
    special = _special_rows(conn, plan.rubric, params)
    partial = [
        row.assessment_id
        for row in rows
        if incomplete(plan, _facts(plan, year, row, sums, numbers, special, {}, [], None))
    ]
    given = _given_items(conn, partial)
    rubric = plan.rubric
    for row in rows:
        history = kpis.get(row.organisation_id, {})
        facts = _facts(
            plan,
            year,
            row,
            sums,
            numbers,
            special,
            history,
            events.get(row.organisation_id, []),
            given.get(row.assessment_id, frozenset()) if row.assessment_id in given else None,
        )
        review = reviews.get(row.assessment_id, NOT_REVIEWED)
        context = ScoringContext(
            assessment_date=(row.submitted_at or dt.datetime.now(dt.UTC))
            .astimezone(CHINA_TIME)
            .date(),
            peer_reviewers=review.peer_reviewers,
            onsite_review=review.onsite_review,
            verified=review.verified,
            kpi_years_before=years_reported_before(rubric, year, facts.kpi_history),
        )
        yield Prepared(row.assessment_id, plan, facts, context)


def _facts(
    plan: RubricPlan,
    year: int,
    row: _Row,
    sums: Mapping[int, dict[str, ElementSums]],
    numbers: Mapping[int, dict[str, Answer]],
    special: Mapping[int, list[Any]],
    history: Mapping[int, dict[str, Decimal]],
    event_rows: list[EventRecord],
    given: frozenset[str] | None,
) -> AssessmentFacts:
    rubric = plan.rubric
    na_allowed = {section.id for section in rubric.sections if section.na_allowed}
    prerequisites = {prerequisite.id for prerequisite in rubric.prerequisites}
    special_rows = special.get(row.assessment_id, [])
    na_sections = {
        r.item_id: r.na_reason
        for r in special_rows
        if r.item_id in na_allowed and r.is_na and r.na_reason
    }
    met = frozenset(r.item_id for r in special_rows if r.item_id in prerequisites and r.level == 1)
    earlier = {y: values for y, values in history.items() if y < year}
    return AssessmentFacts(
        year=year,
        elements=sums.get(row.assessment_id, {}),
        numbers=numbers.get(row.assessment_id, {}),
        given_items=given,
        na_sections=na_sections,
        prerequisites_met=met,
        kpi_inputs=history.get(year, {}),
        kpi_history=_usable_history(rubric, earlier) if earlier else {},
        events=_events(rubric, tuple(event_rows)),
    )


@cache
def _blank_chars() -> str:
    """Every character str.strip() removes: an evidence note of only these is no evidence."""
    return "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())


def _trim(conn: Connection) -> str:
    return "btrim" if conn.dialect.name == "postgresql" else "trim"


def _evidenced(conn: Connection) -> str:
    # The engine's Answer.has_evidence: a note that is not blank, or an attached file.
    return f"({_trim(conn)}(COALESCE(a.evidence_note, ''), :blank) <> '' OR f.item_id IS NOT NULL)"


def _files_join() -> str:
    # Grouped once and joined (SQLite indexes the derived table itself, PG hashes it).
    # Every SQL fragment in this module is a constant: values are always bound.
    return (
        " LEFT JOIN (SELECT t.assessment_id, t.item_id FROM attachments t"  # noqa: S608
        f" JOIN assessments s ON s.id = t.assessment_id WHERE {_PIN_FILTER}"
        " GROUP BY t.assessment_id, t.item_id) f"
        " ON f.assessment_id = a.assessment_id AND f.item_id = a.item_id"
    )


def _element_sums(
    conn: Connection, plan: RubricPlan, params: dict[str, Any]
) -> dict[int, dict[str, ElementSums]]:
    elements = sorted({entry.element_id for entry in plan.summed})
    index = {element_id: n for n, element_id in enumerate(elements)}
    _fill_item_table(conn, plan, index)
    sql = f"""
        SELECT a.assessment_id, ri.el,
          SUM(CASE WHEN a.is_na OR a.level IS NULL THEN 0
                   WHEN a.level < ri.ev OR {_evidenced(conn)} THEN ri.wm * a.level
                   ELSE ri.wm * (ri.ev - 1) END),
          SUM(CASE WHEN a.is_na THEN ri.w ELSE 0 END),
          SUM(CASE WHEN a.is_na OR a.level IS NOT NULL OR a.value IS NOT NULL
                   THEN 1 ELSE 0 END)
        FROM assessments s CROSS JOIN answers a CROSS JOIN {_ITEM_TABLE} ri{_files_join()}
        WHERE a.assessment_id = s.id AND ri.item_id = a.item_id AND {_PIN_FILTER}
        GROUP BY a.assessment_id, ri.el
    """  # noqa: S608 -- no value is formatted in: only the fixed fragments above
    found: dict[int, dict[str, ElementSums]] = {}
    result = conn.execute(text(sql), {**params, "blank": _blank_chars()})
    for assessment_id, el, numerator, na_weight, given in result.all():
        found.setdefault(assessment_id, {})[elements[el]] = ElementSums(
            int(numerator), int(na_weight), int(given)
        )
    return found


_ITEM_TABLE = "rcapp_rating_items"


def _fill_item_table(conn: Connection, plan: RubricPlan, index: Mapping[str, int]) -> None:
    """Put the plan's item weights and evidence levels in a keyed temporary table.

    A VALUES list would do for PostgreSQL, but SQLite would scan it once per answer.
    """
    conn.execute(
        text(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_ITEM_TABLE} (item_id VARCHAR(64) PRIMARY KEY,"
            " el INTEGER NOT NULL, wm INTEGER NOT NULL, w INTEGER NOT NULL, ev INTEGER NOT NULL)"
        )
    )
    conn.execute(text(f"DELETE FROM {_ITEM_TABLE}"))  # noqa: S608 -- a constant name
    conn.execute(
        text(f"INSERT INTO {_ITEM_TABLE} VALUES (:item_id, :el, :wm, :w, :ev)"),  # noqa: S608
        [
            {
                "item_id": entry.item_id,
                "el": index[entry.element_id],
                "wm": entry.weight_units * entry.multiplier,
                "w": entry.weight_units,
                "ev": 99 if entry.evidence_from is None else entry.evidence_from,
            }
            for entry in plan.summed
        ],
    )


def _number_answers(
    conn: Connection, plan: RubricPlan, params: dict[str, Any]
) -> dict[int, dict[str, Answer]]:
    if not plan.numbers:
        return {}
    sql = (
        text(
            "SELECT a.assessment_id, a.item_id, a.value, a.is_na, a.na_reason,"  # noqa: S608
            f" {_evidenced(conn)} AS evidenced FROM answers a"
            f" JOIN assessments s ON s.id = a.assessment_id{_files_join()}"
            f" WHERE {_PIN_FILTER} AND a.item_id IN :ids"
        )
        .bindparams(bindparam("ids", expanding=True))
        .columns(value=_NUMBER)
    )
    ids = [item.id for _, item in plan.numbers]
    found: dict[int, dict[str, Answer]] = {}
    for row in conn.execute(sql, {**params, "ids": ids, "blank": _blank_chars()}).all():
        found.setdefault(row.assessment_id, {})[row.item_id] = Answer(
            number=row.value,
            na_reason=(row.na_reason or "") if row.is_na else None,
            evidence=("evidence",) if row.evidenced else (),
        )
    return found


def _special_rows(conn: Connection, rubric: Rubric, params: dict[str, Any]) -> dict[int, list[Any]]:
    """Prerequisite answers and sections declared N/A (stored as rows keyed by their id)."""
    ids = [p.id for p in rubric.prerequisites] + [s.id for s in rubric.sections if s.na_allowed]
    if not ids:
        return {}
    sql = text(
        "SELECT a.assessment_id, a.item_id, a.level, a.is_na, a.na_reason FROM answers a"  # noqa: S608
        f" JOIN assessments s ON s.id = a.assessment_id WHERE {_PIN_FILTER}"
        " AND a.item_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, list[Any]] = {}
    for row in conn.execute(sql, {**params, "ids": ids}).all():
        found.setdefault(row.assessment_id, []).append(row)
    return found


def _given_items(conn: Connection, assessment_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Answered item ids of the few assessments with unanswered items."""
    sql = text(
        "SELECT assessment_id, item_id FROM answers WHERE assessment_id IN :ids"
        " AND (is_na OR level IS NOT NULL OR value IS NOT NULL)"
    ).bindparams(bindparam("ids", expanding=True))
    found: dict[int, set[str]] = {assessment_id: set() for assessment_id in assessment_ids}
    for chunk in _chunks(assessment_ids):
        for assessment_id, item_id in conn.execute(sql, {"ids": list(chunk)}).all():
            found[assessment_id].add(item_id)
    return {assessment_id: frozenset(items) for assessment_id, items in found.items()}


def _kpi_inputs(
    conn: Connection, cycle_id: int, year: int, core: Sequence[str]
) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Organisation → year → input → value: every input this year, core inputs before.

    Earlier years feed only the core KPIs' ladder and series (kpis.kpi_levels), so the
    other inputs of earlier years are never read.
    """
    sql = (
        text(
            "SELECT s.organisation_id, c.year, v.input_id, v.value FROM kpi_values v"
            " JOIN assessments s ON s.id = v.assessment_id"
            " JOIN reporting_cycles c ON c.id = s.cycle_id"
            " WHERE (c.year = :year OR (c.year < :year AND v.input_id IN :core))"
            " AND s.organisation_id IN (SELECT organisation_id FROM assessments"
            "  WHERE cycle_id = :c AND status = 'submitted')"
        )
        .bindparams(bindparam("core", expanding=True))
        .columns(value=_NUMBER)
    )
    rows = conn.execute(sql, {"c": cycle_id, "year": year, "core": list(core) or [""]}).all()
    found: dict[int, dict[int, dict[str, Decimal]]] = {}
    for organisation_id, row_year, input_id, value in rows:
        found.setdefault(organisation_id, {}).setdefault(row_year, {})[input_id] = value
    return found


def _event_rows(conn: Connection, cycle_id: int) -> dict[int, list[EventRecord]]:
    rows = conn.execute(
        text(
            "SELECT organisation_id, event_type, grade, occurred_on, fatalities, is_resolved"
            " FROM events WHERE organisation_id IN"
            " (SELECT organisation_id FROM assessments"
            "  WHERE cycle_id = :c AND status = 'submitted')"
        ).columns(occurred_on=Date()),
        {"c": cycle_id},
    ).all()
    found: dict[int, list[EventRecord]] = {}
    for row in rows:
        found.setdefault(row.organisation_id, []).append(
            EventRecord(
                event_type=row.event_type,
                occurred_on=row.occurred_on,
                grade=row.grade,
                fatalities=row.fatalities,
                is_resolved=bool(row.is_resolved),
            )
        )
    return found


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
