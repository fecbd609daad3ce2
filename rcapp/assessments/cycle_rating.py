"""Rate every submitted assessment of a cycle at once: scores and stars, set-based.

One GROUP BY over the answers table per pinned rubric sums each assessment's level items
per element (weights and evidence levels joined from a keyed temporary table built from
the rubric, N/A rows left out of the denominators, levels capped for missing evidence as
the engine caps them; rcapp.assessments.cycle_queries holds the SQL). A handful of
further set queries fetch what the gates need (number answers, prerequisites, sections
declared N/A, KPI inputs and history, events), the KPI figures are computed KPI by KPI
for the whole pin (scoring.kpi_figures, shared with the peer-group benchmarks), and
rcapp.scoring.cycle finishes each assessment with the engine's own roll-up, KPI ladder
and star gates. The result equals
`score_assessment` for every assessment (tested on SQLite and PostgreSQL) without
loading a single assessment object.

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

from sqlalchemy import Connection, text

from rcapp.assessments import cycle_queries
from rcapp.assessments.events import CHINA_TIME
from rcapp.assessments.inputs import (
    NOT_REVIEWED,
    EventRecord,
    Recognised,
    ReviewContext,
    _events,
    _usable_history,
    with_recognition,
)
from rcapp.db import UTCDateTime
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.loader import RubricError
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
    with_kpi_figures,
    years_reported_before,
)

RubricLoader = Callable[[str, int, str], Rubric]
Pin = tuple[str, int, str]


@dataclass(frozen=True)
class _Row:
    assessment_id: int
    organisation_id: int
    submitted_at: dt.datetime | None
    recognised: Recognised  # the assessment's is_verified, has_good_practice_case


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
    an assessment it does not list was not reviewed, as review_hook says today. The
    secretariat's verification and case are read with the assessments' rows, as
    review_hook reads them with the assessment.
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
            "SELECT id, organisation_id, rubric_id, rubric_version, rubric_sha256, submitted_at,"
            " is_verified, has_good_practice_case"
            " FROM assessments WHERE cycle_id = :c AND status = 'submitted'"
        ).columns(submitted_at=UTCDateTime()),
        {"c": cycle_id},
    ).all():
        submitted = row.submitted_at
        pin = (row.rubric_id, row.rubric_version, row.rubric_sha256)
        recognised = Recognised(bool(row.is_verified), bool(row.has_good_practice_case))
        pins.setdefault(pin, []).append(_Row(row.id, row.organisation_id, submitted, recognised))
    if not pins:
        return []
    cores = sorted({name for pin in pins for name in core_inputs(rubric_for(*pin))})
    kpis = cycle_queries.kpi_inputs(conn, cycle_id, year, cores)
    events = cycle_queries.event_rows(conn, cycle_id)
    earlier = cycle_queries.earlier_pins(conn, cycle_id, year)
    prepared: list[Prepared] = []
    for pin, rows in pins.items():
        plan = _plan(rubric_for(*pin))
        other = {
            row.organisation_id: _incomparable(
                plan.rubric, earlier.get(row.organisation_id, {}), rubric_for
            )
            for row in rows
        }
        prepared.extend(
            _prepare_pin(conn, cycle_id, year, pin, plan, rows, kpis, events, reviews or {}, other)
        )
    return prepared


def _incomparable(
    rubric: Rubric, earlier: Mapping[int, Pin], rubric_for: RubricLoader
) -> dict[int, frozenset[str]]:
    """Year → this rubric's KPIs an earlier year's rubric version defined otherwise.

    The rule of assessments.kpi_years.incomparable_kpis (the engine's caller), from pins
    read for the whole cycle at once.
    """
    found: dict[int, frozenset[str]] = {}
    for year, (rubric_id, version, sha256) in earlier.items():
        if (rubric_id, version) == (rubric.id, rubric.version):
            continue
        try:
            other = _defined_otherwise(rubric_for(rubric_id, version, sha256), rubric)
        except RubricError:
            continue  # a version no longer on disk: nothing to tell, as the engine's caller
        if other:
            found[year] = other
    return found


@cache
def _defined_otherwise(old: Rubric, new: Rubric) -> frozenset[str]:
    return frozenset(kpi.id for kpi in new.kpis) - comparable_kpis(old, new)


@cache
def _plan(rubric: Rubric) -> RubricPlan:
    return plan_for(rubric)  # rubrics are frozen and cached by the registry: one plan each


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
    incomparable: Mapping[int, Mapping[int, frozenset[str]]],
) -> Iterator[Prepared]:
    params = {"c": cycle_id, "rid": pin[0], "ver": pin[1], "sha": pin[2]}
    sums = cycle_queries.element_sums(conn, plan, params)
    numbers = cycle_queries.number_answers(conn, plan, params)
    special = cycle_queries.special_rows(conn, plan.rubric, params)
    partial = [
        row.assessment_id
        for row in rows
        if incomplete(plan, _facts(plan, year, row, sums, numbers, special, {}, [], None))
    ]
    given = cycle_queries.given_items(conn, partial)
    rubric = plan.rubric
    facts = with_kpi_figures(
        rubric,
        [
            _facts(
                plan,
                year,
                row,
                sums,
                numbers,
                special,
                kpis.get(row.organisation_id, {}),
                events.get(row.organisation_id, []),
                given.get(row.assessment_id, frozenset()) if row.assessment_id in given else None,
                incomparable.get(row.organisation_id, {}),
            )
            for row in rows
        ],
    )
    for row, one in zip(rows, facts, strict=True):
        review = with_recognition(reviews.get(row.assessment_id, NOT_REVIEWED), row.recognised)
        context = ScoringContext(
            assessment_date=(row.submitted_at or dt.datetime.now(dt.UTC))
            .astimezone(CHINA_TIME)
            .date(),
            peer_reviewers=review.peer_reviewers,
            onsite_review=review.onsite_review,
            verified=review.verified,
            good_practice_case=review.good_practice_case,
            kpi_years_before=years_reported_before(rubric, year, one.kpi_history),
        )
        yield Prepared(row.assessment_id, plan, one, context)


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
    incomparable: Mapping[int, frozenset[str]] | None = None,
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
        kpi_incomparable=incomparable or {},
        events=_events(rubric, tuple(event_rows)),
    )
