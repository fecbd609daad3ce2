"""The words for a KPI whose figure is typed in one year and counted by rcapp in the other.

One sentence on the KPI page's 变化 column, the scorecard PDF's earlier-year footnote, the
results workbook's 状态 (qa42 D1), the years page and the reviewer's KPI check (qa51 M1): the
facts come from computed_kpis.counted_against_typed, the KPIs they touch from `basis_notes_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rcapp.assessments.computed_kpis import counted_against_typed, with_computed
from rcapp.assessments.messages import _
from rcapp.rubrics.model import Rubric
from rcapp.scoring.kpis import formula_names


def basis_note(counted_now: bool, last: int, this: int) -> str:
    """Say that year `last` and year `this` count the figure on different bases."""
    if counted_now:
        return _("口径不同：%(last)s 年为填报值，%(this)s 年为入园企业汇总", last=last, this=this)
    return _("口径不同：%(last)s 年为入园企业汇总，%(this)s 年为填报值", last=last, this=this)


def basis_notes_of(
    organisation_id: int,
    year: int,
    rubric: Rubric,
    earlier_year: int,
    computed_now: Mapping[str, Decimal] | None = None,
) -> dict[str, str]:
    """Return the KPIs of `rubric` counted on another basis in `earlier_year` than in `year`.

    KPI id -> basis_note's sentence. `computed_now`: the year's computed inputs when already
    read (with_computed's).
    """
    now = with_computed(organisation_id, year, rubric, {}) if computed_now is None else computed_now
    changed = counted_against_typed(organisation_id, year, rubric, now, earlier_year)
    return {
        kpi.id: basis_note(changed[name], earlier_year, year)
        for kpi in rubric.kpis
        for name in sorted(formula_names(kpi) & changed.keys())[:1]
    }
