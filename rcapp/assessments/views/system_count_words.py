"""What a KPI counted from rcapp's own ratings counts: said beside it (qa38 S5).

A park's PK-RC-02 (三星及以上入园企业比例) divides rcapp's count of resident companies rated
three stars or more, which knows only residents assessed in rcapp, by the number of residents
the park reports: a park with residents outside rcapp shows a lower share. The benchmark page
said so; the KPI page, the result page and the scorecard now say it too, in these words.
"""

from __future__ import annotations

from rcapp.assessments.computed_kpis import computed_kpis
from rcapp.assessments.messages import _
from rcapp.rubrics.model import Rubric


def system_count_note(rubric: Rubric, lang: str) -> str | None:
    """Return the note on the rubric's KPIs that read a count rcapp makes (None: it has none)."""
    kpis = computed_kpis(rubric)
    if not kpis:
        return None
    names = _("、").join(f"{k.id} {k.name.get(lang)}" for k in kpis)
    return str(
        _(
            "%(kpis)s：分子为在本系统中评价、星级为三星及以上的入园企业数，未在本系统评价的"
            "入园企业不计入；分母为园区填报的入园企业总数。入园企业未全部在本系统评价时，"
            "比例低于实际。尚无入园企业在本系统评价时，按园区填写的企业数计算。",
            kpis=names,
        )
    )
