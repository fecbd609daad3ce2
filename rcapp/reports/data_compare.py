"""A working group's "Members side by side" as a worksheet: the table the lead sees.

The same rows in the same order, the same columns (the sections and the KPIs shown), the
median row where the group has statistics, and the year and group named above the header.
Stars are numbers (未评定 in words), scores one decimal, KPI values as the page rounds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import gettext

from rcapp.assessments.rating_words import not_rated_text
from rcapp.benchmarks import pages
from rcapp.benchmarks.stats import KPI_PREFIX
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.reports.excel import CellValue, Score, Sheet
from rcapp.scoring.rounding import kpi_figure


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def _stars(stars: int | None, rated: bool, vetoed: bool) -> CellValue:
    if stars is None:
        return None
    if vetoed:
        return not_rated_text(veto=True)
    return stars if rated else not_rated_text(veto=False)


def _value(value: Decimal | None, key: str) -> CellValue:
    """Write a section score as a score cell, a KPI value rounded as the page shows it."""
    if value is None:
        return None
    if key.startswith(KPI_PREFIX):
        return kpi_figure(value)
    return Score(value)


def _heading(metric: pages.Metric) -> str:
    unit = metric.unit if metric.key.startswith(KPI_PREFIX) else _("自评得分")
    # Brackets by language: full width in Chinese, "Label (unit)" in English (QA15 S9).
    return _("%(label)s（%(unit)s）", label=metric.label, unit=unit) if unit else metric.label


def _note(group: WorkingGroup) -> str:
    """Say where the median row comes from, as the page does; the parks group never has one."""
    if group.kind is WorkingGroupKind.PARKS:
        return _(
            "板块得分和绩效指标为各成员园区提交时的自评结果；同行评审定级后的结果见“最终星级”列。"
            "园区工作组没有组统计（园区只与园区比较，见各园区的对标页），因此没有中位数行。"
        )
    return _(
        "板块得分和绩效指标为各成员提交时的自评结果；同行评审定级后的结果见“最终星级”列。"
        "中位数行只在该组有组统计时列出（有对标数据的成员至少 5 家）。"
    )


def side_by_side_sheet(
    group: WorkingGroup,
    cycle: ReportingCycle,
    compared: pages.ComparisonData,
    metrics: Sequence[pages.Metric],
    rows: Sequence[pages.MemberRow],
    lang: str,
    late_note: str = "",
) -> Sheet:
    """Write the side-by-side table of `rows` (already sorted as the page sorts them).

    `late_note`: the page's line on members submitted after the last computation.
    """
    unassigned = _("未评审") if cycle.is_closed else _("未指派")
    header = (
        _("单位"),
        _("自评得分"),
        _("自评星级"),
        _("最终星级"),
        _("评审"),
        *(_heading(m) for m in metrics),
    )
    body: list[Sequence[CellValue]] = []
    for row in rows:
        assessment = row.assessment
        body.append(
            (
                row.organisation.display_name(lang),
                Score(None if assessment is None else assessment.overall_score),
                _stars(
                    None if assessment is None else assessment.stars,
                    row.self_rated,
                    row.self_vetoed,
                ),
                _stars(row.final_stars, row.final_rated, row.final_vetoed),
                row.review_status or unassigned,
                *(_value(row.values.get(m.key), m.key) for m in metrics),
            )
        )
    if compared.medians:
        body.append(
            (
                _("中位数"),
                Score(compared.overall_median()),
                None,
                None,
                None,
                *(_value(compared.medians.get(m.key), m.key) for m in metrics),
            )
        )
    notes = (
        _("%(group)s · 成员对比 · %(year)d 年度", group=group.display_name(lang), year=cycle.year),
        _note(group),
        *([late_note] if late_note else []),
    )
    widths = (32, 10, 10, 10, 12, *(14 for _m in metrics))
    return Sheet(_("成员对比"), header, body, widths=widths, notes=notes)
