"""Bridge from stored answers to the scoring engine, and the scorecard as frozen JSON.

The engine is pure; this module reads the Answer, KpiValue and Event rows, turns them
into engine inputs (self levels; reviewer levels will come from reviews later), and
serialises the resulting Scorecard for the cycle close.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from rcapp.assessments import queries
from rcapp.assessments.events import CHINA_TIME, local_today
from rcapp.assessments.models import Answer as AnswerRow
from rcapp.assessments.models import Assessment
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.scoring import (
    Answer,
    AssessmentInputs,
    Event,
    Scorecard,
    ScoringContext,
    score_assessment,
)

PEER_REVIEWERS = 0  # no peer reviews yet: every rating is provisional (self-assessed)


@dataclass(frozen=True)
class DataQuality:
    """How far the answers can be trusted: shown beside the stars."""

    items: int
    completeness_pct: int  # items answered or N/A
    evidenced_pct: int  # answered (not N/A) items backed by evidence
    na_pct: int  # items declared N/A


def assessment_date(assessment: Assessment) -> dt.date:
    """Return the day the veto windows end: the submission day (China time), or today."""
    if assessment.submitted_at is not None:
        return assessment.submitted_at.astimezone(CHINA_TIME).date()
    return local_today()


def scoring_inputs(
    assessment: Assessment, rubric: Rubric
) -> tuple[AssessmentInputs, ScoringContext]:
    rows = queries.answers_by_item(assessment)
    evidence = queries.attachments_by_item(assessment)
    items = rubric.item_index()
    answers = {
        item_id: _answer(row, tuple(a.original_name for a in evidence.get(item_id, [])))
        for item_id, row in rows.items()
        if item_id in items
    }
    na_sections = {
        s.id: (rows[s.id].na_reason or "")
        for s in rubric.sections
        if s.na_allowed and s.id in rows and rows[s.id].is_na and rows[s.id].na_reason
    }
    met = frozenset(p.id for p in rubric.prerequisites if p.id in rows and rows[p.id].level == 1)
    history = _usable_history(rubric, queries.kpi_history(assessment))
    inputs = AssessmentInputs(
        year=assessment.cycle.year,
        answers=answers,
        na_sections=na_sections,
        prerequisites_met=met,
        kpi_inputs={
            **{v.input_id: v.value for v in assessment.kpi_values},
            **queries.computed_kpi_inputs(assessment, rubric),
        },
        kpi_history=history,
        events=_events(rubric, assessment.organisation_id),
    )
    context = ScoringContext(
        assessment_date=assessment_date(assessment),
        peer_reviewers=PEER_REVIEWERS,
        kpi_years_before=_years_reported_before(rubric, assessment.cycle.year, history),
    )
    return inputs, context


def _answer(row: AnswerRow, files: tuple[str, ...]) -> Answer:
    note = (row.evidence_note or "").strip()
    return Answer(
        level=row.level,
        number=row.value,
        na_reason=(row.na_reason or "") if row.is_na else None,
        evidence=(note,) if note else (),
        comment=row.comment or "",
        files=files,  # uploaded attachments: the only evidence from `file_from_level` on
    )


def _usable_history(
    rubric: Rubric, history: Mapping[int, Mapping[str, Decimal]]
) -> dict[int, dict[str, Decimal]]:
    """Earlier years' inputs that this rubric version knows and accepts."""
    known = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    usable: dict[int, dict[str, Decimal]] = {}
    for year, values in history.items():
        usable[year] = {
            input_id: value
            for input_id, value in values.items()
            if (spec := known.get(input_id)) is not None
            and value >= spec.min
            and (spec.max is None or value <= spec.max)
            and (not spec.integer or value == value.to_integral_value())
        }
    return usable


def _years_reported_before(
    rubric: Rubric, year: int, history: Mapping[int, Mapping[str, Decimal]]
) -> int:
    """Consecutive years just before `year` with every core KPI's inputs reported."""
    needed = {name for kpi in rubric.kpis if kpi.core for name in parse_formula(kpi.formula).names}
    count = 0
    while needed and needed <= set(history.get(year - count - 1, {})):
        count += 1
    return count


def _events(rubric: Rubric, organisation_id: int) -> tuple[Event, ...]:
    # Events of types this rubric does not know cannot trigger its vetoes.
    types = {event_type.id: event_type for event_type in rubric.event_types}
    return tuple(
        Event(
            type_id=row.event_type,
            date=row.occurred_on,
            grade=EventGrade(row.grade) if row.grade and types[row.event_type].graded else None,
            fatalities=row.fatalities,
            resolved=row.is_resolved,
            serious_injuries=row.injuries,  # the register's injuries are serious ones (重伤)
            direct_loss=row.direct_loss_10k_yuan,
        )
        for row in queries.events_of(organisation_id)
        if row.event_type in types
    )


def compute_scorecard(assessment: Assessment, rubric: Rubric | None = None) -> Scorecard:
    """Score the assessment's current answers (self levels) with its pinned rubric."""
    pinned = rubric if rubric is not None else queries.rubric_of(assessment)
    inputs, context = scoring_inputs(assessment, pinned)
    return score_assessment(pinned, inputs, context)


def compute_scorecard_json(assessment: Assessment) -> str:
    """Serialise the scorecard as JSON (Decimals as strings) to freeze it at cycle close."""
    card = compute_scorecard(assessment)
    document = {
        "assessment_id": assessment.id,
        "rubric": {
            "id": assessment.rubric_id,
            "version": assessment.rubric_version,
            "sha256": assessment.rubric_sha256,
        },
        "scorecard": to_plain(card),
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


def to_plain(value: Any) -> Any:
    """Turn dataclasses, pydantic texts, enums, Decimals and dates into JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return to_plain(value.model_dump())
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(item) for item in value]
    return value


def data_quality(card: Scorecard) -> DataQuality:
    items = [i for s in card.sections for e in s.elements for i in e.items]
    total = len(items)
    answered = [i for i in items if i.answered or i.is_na]
    na = [i for i in items if i.is_na]
    scored = [i for i in items if i.answered and not i.is_na]
    evidenced = [i for i in scored if i.evidenced]
    return DataQuality(
        items=total,
        completeness_pct=_pct(len(answered), total),
        evidenced_pct=_pct(len(evidenced), len(scored)),
        na_pct=_pct(len(na), total),
    )


def _pct(part: int, whole: int) -> int:
    return 0 if whole == 0 else round(part * 100 / whole)
