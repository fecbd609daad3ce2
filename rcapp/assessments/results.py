"""Bridge from stored rows to the scoring engine: read plain records, choose levels, score.

The rows are read here (`assessment_record`); the pure builder in `inputs` turns them into
engine inputs with the chosen levels and the review context the reviews package reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from rcapp.assessments import queries
from rcapp.assessments.computed_kpis import earlier_with_computed, with_computed
from rcapp.assessments.events import CHINA_TIME, local_today
from rcapp.assessments.group_stats_hook import group_stats_of
from rcapp.assessments.inputs import (
    SELF_LEVELS,
    AnswerRecord,
    AssessmentRecord,
    EventRecord,
    LevelsSource,
    ReviewContext,
    build_scoring_inputs,
)
from rcapp.assessments.kpi_backfill import expected_backfill_years
from rcapp.assessments.kpi_years import incomparable_kpis
from rcapp.assessments.models import Assessment
from rcapp.assessments.review_hook import review_context_of
from rcapp.rubrics.model import Rubric
from rcapp.scoring import AssessmentInputs, Scorecard, ScoringContext, Target, score_assessment
from rcapp.scoring.history_cap import fillable_years, reported_years


@dataclass(frozen=True)
class DataQuality:
    """How far the answers can be trusted: shown beside the stars."""

    items: int
    completeness_pct: int  # items answered or N/A
    evidenced_pct: int  # answered (not N/A) items backed by evidence: a file or a note
    na_pct: int  # items declared N/A
    na_items: int = 0  # how many: "不适用 6 项（共 192 项，3%）", not "3%（192 项）" (qa11 S5)
    # Of the answered items: backed by an uploaded file, and described by a note only.
    # None for scorecards stored before ItemScore kept `has_file`.
    file_pct: int | None = None
    note_only_pct: int | None = None


def assessment_date(assessment: Assessment) -> dt.date:
    """Return the day the veto windows end: the submission day (China time), or today."""
    if assessment.submitted_at is not None:
        return assessment.submitted_at.astimezone(CHINA_TIME).date()
    return local_today()


def assessment_record(assessment: Assessment) -> AssessmentRecord:
    """Read the assessment's answers, evidence names, KPI data and events as plain records."""
    files = queries.attachments_by_item(assessment)
    return AssessmentRecord(
        year=assessment.cycle.year,
        assessment_date=assessment_date(assessment),
        answers={
            row.item_id: AnswerRecord(
                item_id=row.item_id,
                level=row.level,
                value=row.value,
                is_na=row.is_na,
                na_reason=row.na_reason,
                evidence_note=row.evidence_note,
                comment=row.comment,
                files=tuple(a.original_name for a in files.get(row.item_id, [])),
            )
            for row in assessment.answers
        },
        kpi_inputs={v.input_id: v.value for v in assessment.kpi_values},
        kpi_history=queries.kpi_history(assessment),
        events=tuple(
            EventRecord(
                event_type=row.event_type,
                occurred_on=row.occurred_on,
                grade=row.grade,
                fatalities=row.fatalities,
                is_resolved=row.is_resolved,
                serious_injuries=row.injuries,  # the register's injuries are serious (重伤)
                direct_loss=row.direct_loss_10k_yuan,
            )
            for row in queries.events_of(assessment.organisation_id)
        ),
        targets=tuple(
            Target(
                kpi_id=row.kpi_id,
                base_year=row.base_year,
                deadline=row.deadline,
                value=row.value,
                change_pct=row.change_pct,
            )
            for row in assessment.kpi_targets
        ),
    )


def scoring_inputs(
    assessment: Assessment,
    rubric: Rubric,
    levels: LevelsSource = SELF_LEVELS,
    review: ReviewContext | None = None,
) -> tuple[AssessmentInputs, ScoringContext]:
    """Build the engine's inputs; `review` defaults to what the review data says."""
    context = review_context_of(assessment) if review is None else review
    record = dataclasses.replace(
        assessment_record(assessment), kpi_incomparable=incomparable_kpis(assessment, rubric)
    )
    # Inputs rcapp computes from its own data (a park's rated resident companies) win.
    # Earlier years' by their own rubric's rule, as their published results did (qa22 D1).
    organisation_id = assessment.organisation_id
    history = {
        year: earlier_with_computed(organisation_id, year, rubric, values)
        for year, values in record.kpi_history.items()
    }
    this_year = with_computed(organisation_id, record.year, rubric, record.kpi_inputs)
    record = dataclasses.replace(record, kpi_inputs=this_year, kpi_history=history)
    inputs, scoring = build_scoring_inputs(rubric, record, levels, context)
    # The peer group's statistics, the same for the self result and the final rating.
    known = group_stats_of(assessment)
    if known.stats and not scoring.group_stats:
        scoring = dataclasses.replace(scoring, group_stats=dict(known.stats))
    # Earlier years still offered for backfill lengthen the run this year: a band needing
    # them is the organisation's to reach, not "not this year" (backfillcap #3).
    # Only the years it had signed in: one before signing is never asked for (newcomer #1).
    offered = expected_backfill_years(assessment)
    if offered:
        reported = reported_years(rubric, inputs.kpi_history)
        fillable = fillable_years(record.year, reported, offered)
        scoring = dataclasses.replace(scoring, kpi_years_fillable=fillable)
    return inputs, scoring


def compute_scorecard(
    assessment: Assessment,
    rubric: Rubric | None = None,
    levels: LevelsSource = SELF_LEVELS,
    review: ReviewContext | None = None,
) -> Scorecard:
    """Score the assessment's stored data with its pinned rubric and the chosen levels."""
    pinned = rubric if rubric is not None else queries.rubric_of(assessment)
    inputs, context = scoring_inputs(assessment, pinned, levels, review)
    return score_assessment(pinned, inputs, context)


def data_quality(card: Scorecard) -> DataQuality:
    items = [i for s in card.sections for e in s.elements for i in e.items]
    total = len(items)
    answered = [i for i in items if i.answered or i.is_na]
    na = [i for i in items if i.is_na]
    scored = [i for i in items if i.answered and not i.is_na]
    evidenced = [i for i in scored if i.evidenced]
    known = all(i.has_file is not None for i in scored)
    filed = sum(1 for i in scored if i.has_file)
    return DataQuality(
        items=total,
        completeness_pct=_pct(len(answered), total),
        evidenced_pct=_pct(len(evidenced), len(scored)),
        na_pct=_pct(len(na), total),
        na_items=len(na),
        file_pct=_pct(filed, len(scored)) if known else None,
        note_only_pct=_pct(len(evidenced) - filed, len(scored)) if known else None,
    )


def _pct(part: int, whole: int) -> int:
    return 0 if whole == 0 else round(part * 100 / whole)
