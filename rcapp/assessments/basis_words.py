"""The words for a KPI whose figure is typed in one year and counted by rcapp in the other.

One sentence on the KPI page's 变化 column, the scorecard PDF's earlier-year footnote and the
results workbook's 状态 (qa42 D1): the facts come from computed_kpis.counted_against_typed.
"""

from __future__ import annotations

from rcapp.assessments.messages import _


def basis_note(counted_now: bool, last: int, this: int) -> str:
    """Say that year `last` and year `this` count the figure on different bases."""
    if counted_now:
        return _("口径不同：%(last)s 年为填报值，%(this)s 年为入园企业汇总", last=last, this=this)
    return _("口径不同：%(last)s 年为入园企业汇总，%(this)s 年为填报值", last=last, this=this)
