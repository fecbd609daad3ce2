"""Scoring inputs from stored data, with the levels as a parameter (pure: no Flask, no DB).

The caller reads an assessment's rows into plain records (`AssessmentRecord`), chooses
whose levels count (`LevelsSource`: the organisation's own, one reviewer's, or the
settled final ones) and says how the assessment was reviewed (`ReviewContext`). This
module turns that into the engine's `AssessmentInputs` and `ScoringContext`, the same
way for the result page, snapshots, peer review and reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.scoring import Answer, AssessmentInputs, Event, ScoringContext, Target


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer row (item, prerequisite, or a section's N/A declaration)."""

    item_id: str
    level: int | None = None
    value: Decimal | None = None
    is_na: bool = False
    na_reason: str | None = None
    evidence_note: str | None = None
    comment: str | None = None
    files: tuple[str, ...] = ()  # names of the evidence files attached to the item


@dataclass(frozen=True)
class EventRecord:
    """One row of the organisation's event register."""

    event_type: str
    occurred_on: dt.date
    grade: str | None = None
    fatalities: int = 0
    is_resolved: bool = False
    serious_injuries: int = 0
    direct_loss: Decimal | None = None  # CNY 10,000 (万元)


@dataclass(frozen=True)
class AssessmentRecord:
    """What is stored for one assessment, as plain data.

    `assessment_date` ends the veto windows (the submission day, China time, or today);
    `kpi_history` holds the organisation's earlier years' raw KPI inputs.
    """

    year: int
    assessment_date: dt.date
    answers: Mapping[str, AnswerRecord] = field(default_factory=dict)
    kpi_inputs: Mapping[str, Decimal] = field(default_factory=dict)
    kpi_history: Mapping[int, Mapping[str, Decimal]] = field(default_factory=dict)
    # Earlier years' KPIs defined otherwise by their rubric version (year → KPI ids).
    kpi_incomparable: Mapping[int, frozenset[str]] = field(default_factory=dict)
    events: tuple[EventRecord, ...] = ()
    targets: tuple[Target, ...] = ()  # the organisation's own KPI targets


class LevelsKind(enum.StrEnum):
    SELF = "self"  # the organisation's own answers
    REVIEWER = "reviewer"  # one peer reviewer's ratings
    FINAL = "final"  # the levels settled after review


@dataclass(frozen=True)
class Rating:
    """A level that replaces the organisation's own for one item (evidence is kept).

    Keyed like the answers: an item id, a prerequisite id (level 1 = met), or a section id
    (a `na_reason` declares the section not applicable, none withdraws the declaration).
    """

    level: int | None = None
    number: Decimal | None = None
    na_reason: str | None = None


@dataclass(frozen=True)
class LevelsSource:
    """Whose levels are scored: `ratings` override the self levels item by item."""

    kind: LevelsKind = LevelsKind.SELF
    reviewer_id: int | None = None
    ratings: Mapping[str, Rating] = field(default_factory=dict)

    @classmethod
    def reviewer(cls, reviewer_id: int, ratings: Mapping[str, Rating]) -> LevelsSource:
        return cls(LevelsKind.REVIEWER, reviewer_id, dict(ratings))

    @classmethod
    def final(cls, ratings: Mapping[str, Rating]) -> LevelsSource:
        return cls(LevelsKind.FINAL, None, dict(ratings))


SELF_LEVELS = LevelsSource()


@dataclass(frozen=True)
class ReviewContext:
    """How the assessment was reviewed and recognised; read from stored data, never assumed.

    `verified` and `good_practice_case` are what the secretariat recorded (recognitions.py).
    """

    peer_reviewers: int = 0
    onsite_review: bool = False
    verified: bool = False
    good_practice_case: bool = False


NOT_REVIEWED = ReviewContext()


@dataclass(frozen=True)
class Recognised:
    """What the secretariat has recorded and not withdrawn for one assessment."""

    verified: bool = False
    good_practice_case: bool = False


NOT_RECOGNISED = Recognised()


def with_recognition(review: ReviewContext, recognised: Recognised) -> ReviewContext:
    """Return `review` with the recorded verification and case: the one rule for every rating.

    The single assessment's rating (review_hook, the final review's scorer) and the whole
    cycle's (cycle_rating) both pass through here, so they cannot disagree.
    """
    return dataclasses.replace(
        review,
        verified=recognised.verified,
        good_practice_case=recognised.good_practice_case,
    )


def build_scoring_inputs(
    rubric: Rubric,
    record: AssessmentRecord,
    levels: LevelsSource = SELF_LEVELS,
    review: ReviewContext = NOT_REVIEWED,
) -> tuple[AssessmentInputs, ScoringContext]:
    """Turn stored answers, KPI data and events into the engine's inputs.

    Rules: answers to ids the rubric does not know are dropped; an N/A answer counts only
    with a reason; earlier years' KPI inputs count only when this rubric version knows
    them and they are in range; events of unknown types are dropped (they cannot trigger
    this rubric's vetoes) and a grade counts only for a graded type.
    """
    rows = {key: _rated(row, levels.ratings.get(key)) for key, row in record.answers.items()}
    for key, rating in levels.ratings.items():
        rows.setdefault(key, _rated(AnswerRecord(key), rating))
    items = rubric.item_index()
    history = _usable_history(rubric, record.kpi_history)
    inputs = AssessmentInputs(
        year=record.year,
        answers={key: _answer(row) for key, row in rows.items() if key in items},
        na_sections={
            s.id: rows[s.id].na_reason or ""
            for s in rubric.sections
            if s.na_allowed and s.id in rows and rows[s.id].is_na and rows[s.id].na_reason
        },
        prerequisites_met=frozenset(
            p.id for p in rubric.prerequisites if p.id in rows and rows[p.id].level == 1
        ),
        prerequisites_answered=frozenset(
            p.id for p in rubric.prerequisites if p.id in rows and rows[p.id].level is not None
        ),
        kpi_inputs=dict(record.kpi_inputs),
        kpi_history=history,
        kpi_incomparable=record.kpi_incomparable,
        events=_events(rubric, record.events),
        # Targets for KPIs this rubric version does not know cannot be measured: dropped.
        targets=tuple(t for t in record.targets if t.kpi_id in {k.id for k in rubric.kpis}),
    )
    context = ScoringContext(
        assessment_date=record.assessment_date,
        peer_reviewers=review.peer_reviewers,
        onsite_review=review.onsite_review,
        verified=review.verified,
        good_practice_case=review.good_practice_case,
        kpi_years_before=_years_reported_before(rubric, record.year, history),
    )
    return inputs, context


def _rated(row: AnswerRecord, rating: Rating | None) -> AnswerRecord:
    if rating is None:
        return row
    return AnswerRecord(
        item_id=row.item_id,
        level=rating.level,
        value=rating.number,
        is_na=rating.na_reason is not None,
        na_reason=rating.na_reason,
        evidence_note=row.evidence_note,
        comment=row.comment,
        files=row.files,
    )


def _answer(row: AnswerRecord) -> Answer:
    note = (row.evidence_note or "").strip()
    return Answer(
        level=row.level,
        number=row.value,
        na_reason=(row.na_reason or "") if row.is_na else None,
        evidence=(note,) if note else (),
        comment=row.comment or "",
        files=row.files,  # uploaded files: the only evidence from `file_from_level` on
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


def _events(rubric: Rubric, events: tuple[EventRecord, ...]) -> tuple[Event, ...]:
    types = {event_type.id: event_type for event_type in rubric.event_types}
    return tuple(
        Event(
            type_id=row.event_type,
            date=row.occurred_on,
            grade=EventGrade(row.grade) if row.grade and types[row.event_type].graded else None,
            fatalities=row.fatalities,
            resolved=row.is_resolved,
            serious_injuries=row.serious_injuries,
            direct_loss=row.direct_loss,
        )
        for row in events
        if row.event_type in types
    )
