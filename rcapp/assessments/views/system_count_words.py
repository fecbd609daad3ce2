"""What a KPI counted from rcapp's own ratings counts: said beside it (qa38 S5).

A park's PK-RC-02 (三星及以上入园企业比例) divides rcapp's count of resident companies rated
three stars or more, which knows only residents assessed in rcapp, by the number of residents
the park reports: a park with residents outside rcapp shows a lower share. The benchmark page
said so; the KPI page, the result page and the scorecard now say it too, in these words.

Which of two notes: the one of what happens for that organisation-year (qa42 S2). While
some resident has a rating in rcapp (queries.computed_inputs_of), rcapp counts and the
park cannot type the figure; while none has, rcapp has nothing to count, the KPI page asks
the park for the figure and that figure counts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rcapp.assessments import queries
from rcapp.assessments.computed_kpis import computed_kpis
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.rubrics.model import Rubric

if TYPE_CHECKING:  # result_page builds its note with system_count_note
    from rcapp.assessments.views.result_page import ResultPage


def system_count_note(rubric: Rubric, lang: str, counted: bool = True) -> str | None:
    """Return the note on the rubric's KPIs that read a count rcapp makes (None: it has none).

    `counted`: rcapp has the count this year (some resident has a rating in rcapp); else the
    figure the park typed counts.
    """
    kpis = computed_kpis(rubric)
    if not kpis:
        return None
    names = _("、").join(f"{k.id} {k.name.get(lang)}" for k in kpis)
    if not counted:
        return str(
            _(
                "%(kpis)s：入园企业在本系统中有评价结果（近 %(years)s 年内提交）时，分子为其中星级"
                "为三星及以上的企业数，由系统统计。目前尚无入园企业在本系统中有评价结果，因此分子按"
                "园区在 KPI 数据页填写的三星及以上入园企业数计算；分母为园区填报的入园企业总数。",
                kpis=names,
                years=rubric.rating.validity_years,
            )
        )
    return str(
        _(
            "%(kpis)s：分子为在本系统中评价、星级为三星及以上的入园企业数，未在本系统评价的"
            "入园企业不计入；分母为园区填报的入园企业总数。入园企业未全部在本系统评价时，"
            "比例低于实际。",
            kpis=names,
        )
    )


def is_counted(assessment: Assessment, rubric: Rubric) -> bool:
    """Whether rcapp counts the assessment's computed inputs this year (see the module)."""
    year = assessment.cycle.year
    return bool(queries.computed_inputs_of(assessment.organisation_id, year, rubric))


def with_count_note(
    page: ResultPage, assessment: Assessment, rubric: Rubric, lang: str
) -> ResultPage:
    """Return the result page with the note of what happens for this organisation-year."""
    if page.system_count_note is None:
        return page
    return replace(
        page, system_count_note=system_count_note(rubric, lang, is_counted(assessment, rubric))
    )
