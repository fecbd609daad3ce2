"""The year's benchmark companies (标杆企业名单): rated five stars, and the candidates.

The five-star organisations are those whose rating of record (the year list's: a final or
frozen result, else the stars stored at submit) is the top band's. A candidate is short of
the top band by the secretariat's verification and/or good-practice case alone
(scoring.recognition), judged on the scorecard its result page shows; only results one band
below the top are read, as bands are cumulative.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import listed_stars, rated_stars, rubric_of
from rcapp.assessments.recognition_models import Recognition, RecognitionKind
from rcapp.assessments.recognitions import standing_recognitions
from rcapp.assessments.snapshots import shown_scorecard
from rcapp.cycles.models import ReportingCycle
from rcapp.scoring import GateKind
from rcapp.scoring.recognition import missing_recognition, short_only_of_recognition


@dataclass(frozen=True)
class BenchmarkRow:
    assessment: Assessment
    overall: Decimal | None
    final: bool  # settled by peer review (or a closed year's published result)
    verification: Recognition | None
    case: Recognition | None
    missing: tuple[GateKind, ...] = ()  # a candidate's: what the secretariat has to record


@dataclass(frozen=True)
class BenchmarkList:
    benchmarks: list[BenchmarkRow]
    candidates: list[BenchmarkRow]


def benchmark_list(cycle: ReportingCycle, *, with_candidates: bool = True) -> BenchmarkList:
    """Return the cycle's five-star organisations and, for the secretariat, the candidates."""
    assessments = list(
        db.session().scalars(
            select(Assessment)
            .options(joinedload(Assessment.organisation), joinedload(Assessment.cycle))
            .where(Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED)
        )
    )
    kept = rated_stars(cycle_id=cycle.id)
    benchmarks: list[BenchmarkRow] = []
    candidates: list[BenchmarkRow] = []
    for assessment in assessments:
        record = kept.get(assessment.id)
        stars = listed_stars(assessment.stars, record)
        overall = record.overall if record is not None else assessment.overall_score
        final = record is not None and record.settled
        rubric = rubric_of(assessment)
        top = max(band.stars for band in rubric.rating.bands)
        if stars is None or stars < top - 1:
            continue
        if stars >= top:
            benchmarks.append(_row(assessment, overall, final))
            continue
        rating = shown_scorecard(assessment, rubric).card.rating if with_candidates else None
        if rating is not None and short_only_of_recognition(rating):
            candidates.append(_row(assessment, overall, final, missing_recognition(rating)))
    return BenchmarkList(_sorted(benchmarks), _sorted(candidates))


def _row(
    assessment: Assessment,
    overall: Decimal | None,
    final: bool,
    missing: tuple[GateKind, ...] = (),
) -> BenchmarkRow:
    standing = standing_recognitions(assessment.id)
    return BenchmarkRow(
        assessment=assessment,
        overall=overall,
        final=final,
        verification=standing.get(RecognitionKind.VERIFICATION),
        case=standing.get(RecognitionKind.GOOD_PRACTICE_CASE),
        missing=missing,
    )


def _sorted(rows: list[BenchmarkRow]) -> list[BenchmarkRow]:
    """Highest overall score first; then by organisation id, so the order is stable."""
    return sorted(rows, key=lambda r: (-(r.overall or Decimal(0)), r.assessment.organisation_id))
