"""The years page's charts: section scores that compare, and the core KPIs year by year.

Only what compares is drawn (qa71 M2): a year whose score does not compare with the latest
is left out of its line, and the page says, year by year, which scores were left out and
why, rather than drawing the latest year's points alone in a pile. Each core KPI is a small
chart of its own (its own unit and scale), its points labelled as the table writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from rcapp.assessments.earlier_marks import earlier_mark_text
from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks import history
from rcapp.charts.bars import Series, XYChart
from rcapp.charts.bars import line_svg as xy_line_svg
from rcapp.charts.lines import LineChart, LineSeries, line_svg
from rcapp.rubrics.model import Direction
from rcapp.scoring.rounding import kpi_figure


@dataclass(frozen=True)
class ScoreChart:
    svg: str
    left_out: tuple[str, ...]  # a sentence a year: the scores not drawn, and why


@dataclass(frozen=True)
class KpiTrend:
    kpi_id: str
    name: str
    unit: str
    lower_better: bool
    texts: tuple[str, ...]  # a year's value as the table writes it, or 不可比 / —
    svg: str


def score_chart(rows: Sequence[history.YearRow], lang: str) -> ScoreChart | None:
    """Draw the overall and section scores that compare with the latest year's."""
    if not rows:
        return None
    named = [(_("总分"), None)] + [
        (s.title.get(lang), s.section_id) for s in rows[-1].card.sections
    ]
    series = [
        LineSeries(name, tuple(history.series_value(r, key) for r in rows)) for name, key in named
    ]
    drawn = tuple(one for one in series if any(v is not None for v in one.values))
    left_out = tuple(
        _(
            "%(year)s 年：%(names)s与最新年度不可比（评价细则改版），图中未画出，数值见下表。",
            year=str(row.year),
            names=_("、").join(missing),
        )
        for index, row in enumerate(rows)
        for missing in [[one.name for one in series if one.values[index] is None]]
        if missing
    )
    if not drawn:
        return None
    svg = line_svg(
        LineChart(
            _("历年得分"),
            tuple(r.year for r in rows),
            drawn,
            draft_from=history.first_draft(rows),
            draft_note=_("暂定"),
            missing_note=_("不可比"),  # as the table says (QA39 S3)
        ),
        "years",
    )
    return ScoreChart(svg, left_out)


def kpi_trends(
    rows: Sequence[history.YearRow], lang: str, units: Mapping[str, str]
) -> list[KpiTrend]:
    """Draw each core KPI with a comparable value in some year, a small chart each."""
    if not rows:
        return []
    better = {k.id: k.better for k in rubric_of(rows[-1].assessment).kpis}
    years = tuple(
        _("%(label)s（%(unit)s）", label=str(r.year), unit=_("暂定")) if r.draft else str(r.year)
        for r in rows
    )
    trends = []
    for kpi in rows[-1].card.kpis:
        if not kpi.core:
            continue
        values = tuple(_value(r, kpi.kpi_id) for r in rows)
        if all(v is None for v in values):
            continue
        texts = tuple(_text(r, kpi.kpi_id) for r in rows)
        lower = better.get(kpi.kpi_id) is Direction.LOWER
        name, unit = kpi.name.get(lang), units.get(kpi.kpi_id, "")
        chart = XYChart(
            title=f"{kpi.kpi_id} {name}",
            categories=years,
            series=(Series(kpi.kpi_id, values, texts),),
            unit=unit,
            y_label=unit,
            text_size=16,  # drawn at about half its width in the grid of small charts
            note=_("越低越好") if lower else _("越高越好"),
        )
        svg = xy_line_svg(chart, id_prefix=f"kpi-trend-{kpi.kpi_id}")
        trends.append(KpiTrend(kpi.kpi_id, name, unit, lower, texts, svg))
    return trends


def _value(row: history.YearRow, kpi_id: str) -> Decimal | None:
    """Return the value drawn: none where earlier_marks.marks_of marked the year (不可比, 未设)."""
    if kpi_id in row.kpi_marks:
        return None
    found = next((k.value for k in row.card.kpis if k.kpi_id == kpi_id), None)
    return None if found is None else kpi_figure(found)


def _text(row: history.YearRow, kpi_id: str) -> str:
    mark = row.kpi_marks.get(kpi_id)
    if mark is not None:  # 不可比 or 未设, as the table beside says (qa71)
        return str(earlier_mark_text(mark))
    return row.kpi_texts.get(kpi_id, "—")
