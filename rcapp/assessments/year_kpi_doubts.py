"""A year's submitted self-assessments whose KPI figures deserve a second look (qa87 2).

The secretariat checks the submitted assessments for obviously wrong KPI figures before
the year closes. Each result page listed its own doubts (kpi_doubts: above the usual
maximum, ten times above or below last year, a core figure at 0), but finding them meant
opening every organisation's result page in turn. Here the year's submitted assessments
are read once, with the result page's own rule and words, so the list and each result page
agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from rcapp import db
from rcapp.assessments.kpi_doubts import stored_kpi_doubts
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import RcappError
from rcapp.rubrics.loader import RubricError


@dataclass(frozen=True)
class DoubtedAssessment:
    assessment: Assessment
    texts: tuple[str, ...]  # worded as on its result page, in the page's language


@dataclass(frozen=True)
class YearKpiDoubts:
    checked: int  # the submitted assessments read
    doubted: list[DoubtedAssessment]  # those with a doubt, by organisation name


def year_kpi_doubts(cycle: ReportingCycle, lang: str) -> YearKpiDoubts:
    """Read every submitted assessment of `cycle` and keep those with KPI doubts."""
    submitted = db.session().scalars(
        select(Assessment)
        .where(Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED)
        .options(joinedload(Assessment.organisation))
    )
    checked = 0
    doubted = []
    for assessment in submitted:
        try:
            rubric = rubric_of(assessment)
        except (RcappError, RubricError):  # its rubric file changed: its own page says so
            continue
        checked += 1
        # submitted: settled, as its result page reads it (an improvement to 0 is no doubt)
        texts = stored_kpi_doubts(assessment, rubric, lang, settled=True).texts
        if texts:
            doubted.append(DoubtedAssessment(assessment, texts))
    doubted.sort(key=lambda d: d.assessment.organisation.display_name(lang).casefold())
    return YearKpiDoubts(checked, doubted)
