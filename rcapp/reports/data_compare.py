"""A working group's "Members side by side" as a worksheet: the table the lead sees.

The same rows in the same order, the same columns (the sections and the KPIs shown), the
median row where the group has statistics, and the year and group named above the header.
Stars are numbers, with what the page says beside them (未评定, 评审前封顶, 重新评审中) in a
column of their own; scores one decimal, KPI values as the page rounds them. The final score
of record stands beside the final stars, as the self score beside the self stars.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from rcapp.assessments.queries import Rated, peer_capped_snapshots
from rcapp.assessments.rating_words import not_rated_text, vetoed_text
from rcapp.benchmarks import pages
from rcapp.benchmarks.ranks import GroupRanks
from rcapp.benchmarks.shown import percentile_number
from rcapp.benchmarks.stats import KPI_PREFIX, OVERALL_METRIC
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.reports.excel import CellValue, Figure, Score, Sheet
from rcapp.reports.excel_chart import BarChartSheet
from rcapp.reports.kpi_header import kpi_header
from rcapp.reports.star_words import result_type
from rcapp.reviews.messages import STATUS_TEXT, capped_note
from rcapp.reviews.models import ReviewStatus
from rcapp.scoring.kpi_text import kpi_number
from rcapp.scoring.scorecard import VetoHit


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def _stars(
    stars: int | None, rated: bool, vetoes: tuple[VetoHit, ...], lang: str
) -> tuple[CellValue, str | None]:
    """Return the stars as a number to sort and sum, and beside them what they are not.

    A result not rated has no number: 未评定 (with 一票否决 and which veto, as the page says
    it, for a veto) in the next column; mixed into one column the words kept the stars from
    sorting and summing (QA46 S11).
    """
    if stars is None:
        return None, None
    if vetoes:
        return None, vetoed_text(vetoes, lang)
    return (stars, None) if rated else (None, not_rated_text(veto=False))


def _final_words(note: str | None, final: Rated | None) -> str | None:
    """Add to the final stars' note what the pages say of a rating an upheld appeal reopened.

    The earlier final rating stays of record until the re-rating, marked 重新评审中 (in a
    closed year 最终（申诉成立，重新评审未完成）) as the result page's badge and the year
    list say it (star_words.result_type); the column was empty for it.
    """
    if final is None or not final.contested:
        return note
    again = result_type(final.final, False, rereview=True, closed=final.frozen)
    return again if note is None else _("%(text)s；%(note)s", text=note, note=again)


def _capped_words(final: bool, closed: bool) -> str:
    """Word the page's note beside capped self stars, without its brackets: 评审前封顶."""
    return capped_note(final, closed)[0].strip(" （）()")


def _capped(rows: Sequence[pages.MemberRow]) -> set[int]:
    """Find the assessments whose self stars the peer-review gate held, as the page does."""
    rated = [
        row.assessment.id
        for row in rows
        if row.assessment is not None and row.self_rated and not row.self_vetoed
    ]
    return peer_capped_snapshots(rated) if rated else set()


def _value(value: Decimal | None, metric: pages.Metric) -> CellValue:
    """Write a section score as a score cell, a KPI value as the page writes it.

    A KPI's cell keeps the number, rounded by the KPI rule and shown with the KPI's decimals
    (scoring.kpi_text): LTIF 1 reads 1.00 in the workbook as on the page.
    """
    if value is None:
        return None
    if metric.places is not None:
        return Figure(kpi_number(value), metric.places)
    return Score(value)


def _heading(metric: pages.Metric) -> str:
    """Head a KPI's column with its unit once (as years.xlsx), a section's with 自评得分.

    A KPI named "…(LTIF)" or "…（合并计算）" with its unit in a second bracket read
    "(LTIF) (cases per million hours worked)" (zerowords).
    """
    if metric.key.startswith(KPI_PREFIX):
        return kpi_header(metric.label, metric.unit)
    # Brackets by language: full width in Chinese, "Label (unit)" in English (QA15 S9).
    return _("%(label)s（%(unit)s）", label=metric.label, unit=_("自评得分"))


def _rank_heading(label: str, why: str) -> str:
    """Head a percentile column as the page does, with why it is empty where it is."""
    heading = _("百分位（%(metric)s）", metric=label)
    return _("%(heading)s：%(why)s", heading=heading, why=why) if why else heading


def _ranked(metric: pages.Metric) -> bool:
    """Tell whether a metric's column has a percentile beside it: a KPI's, not a section's."""
    return metric.key.startswith(KPI_PREFIX)


_STAT_ROWS = (
    ("first_quartile", _l("下四分位（P25）")),
    ("third_quartile", _l("上四分位（P75）")),
    ("pooled", _l("汇总值")),
)


def _note(group: WorkingGroup) -> str:
    """Say where the median row comes from, as the page does; the parks group never has one."""
    if group.kind is WorkingGroupKind.PARKS:
        return _(
            "板块得分和绩效指标为各成员园区提交时的自评结果；"
            "同行评审定级后的结果见“最终得分”和“最终星级”列。"
            "园区工作组没有组统计（园区只与园区比较，见各园区的对标页），因此没有中位数行。"
        )
    return _(
        "板块得分和绩效指标为各成员提交时的自评结果；"
        "同行评审定级后的结果见“最终得分”和“最终星级”列。"
        "中位数、四分位和汇总值行只在该组有组统计时列出（有对标数据的成员至少 5 家）。"
    )


def side_by_side_sheet(
    group: WorkingGroup,
    cycle: ReportingCycle,
    compared: pages.ComparisonData,
    metrics: Sequence[pages.Metric],
    rows: Sequence[pages.MemberRow],
    lang: str,
    late_note: str = "",
    no_stats_why: str = "",
    overall_note: str = "",
    ranks: GroupRanks | None = None,
    rank_why: dict[str, str] | None = None,
    filter_words: str = "",
    finals: Mapping[int, Rated] | None = None,
) -> Sheet:
    """Write the side-by-side table of `rows` (already sorted as the page sorts them).

    `late_note`: the page's line on members submitted after the last computation;
    `no_stats_why`: its line on why the group has no statistics; `overall_note`: what
    the overall self score weighs; `ranks` the members' percentiles and `rank_why` why a
    percentile column is empty (group_compare.GroupComparison), as the page has them;
    `filter_words` the page's filter (筛选：…), a line above the header; `finals` the
    members' final results of record by assessment id (GroupComparison.finals), for their
    final score and a rating under re-review.
    """
    ranks, rank_why, finals = ranks or GroupRanks(), rank_why or {}, finals or {}

    def cells(figures: Mapping[str, Decimal], ranked: bool) -> list[CellValue]:
        """Write a row's metric cells, each KPI's percentile after it (blank: statistics)."""
        found: list[CellValue] = []
        for m in metrics:
            value = figures.get(m.key)
            found.append(_value(value, m))
            if _ranked(m):
                found.append(percentile_number(ranks.rank(m.key, value)) if ranked else None)
        return found

    unassigned = _("未评审") if cycle.is_closed else _("未指派")
    header = (
        _("单位"),
        _("自评得分"),
        _rank_heading(_("自评得分"), rank_why.get(OVERALL_METRIC, "")),
        _("自评星级"),
        _("自评星级说明"),
        _("最终得分"),
        _("最终星级"),
        _("最终星级说明"),
        _("评审"),
        *(
            heading
            for m in metrics
            for heading in (
                (_heading(m), _rank_heading(m.label, rank_why.get(m.key, "")))
                if _ranked(m)
                else (_heading(m),)
            )
        ),
    )
    capped = _capped(rows)
    reviewed = str(STATUS_TEXT[ReviewStatus.FINAL])
    body: list[Sequence[CellValue]] = []
    for row in rows:
        assessment = row.assessment
        self_stars, self_note = _stars(
            None if assessment is None else assessment.stars,
            row.self_rated,
            row.self_vetoes,
            lang,
        )
        if assessment is not None and assessment.id in capped:
            self_note = _capped_words(row.review_status == reviewed, cycle.is_closed)
        final = None if assessment is None else finals.get(assessment.id)
        final_stars, final_note = _stars(row.final_stars, row.final_rated, row.final_vetoes, lang)
        body.append(
            (
                row.organisation.display_name(lang),
                Score(None if assessment is None else assessment.overall_score),
                percentile_number(
                    ranks.rank(
                        OVERALL_METRIC, None if assessment is None else assessment.overall_score
                    )
                ),
                self_stars,
                self_note,
                Score(None if final is None else final.overall),
                final_stars,
                _final_words(final_note, final),
                row.review_status or unassigned,
                *cells(row.values, ranked=True),
            )
        )
    overall_median = compared.overall_median()
    if compared.medians:
        body.append(
            (
                _("中位数"),
                Score(overall_median),
                *(None,) * 7,
                *cells(compared.medians, ranked=False),
            )
        )
        # the group's other statistics, as the page lists them under the medians (qa72 M3)
        figures = compared.stat_rows()
        for part, label in _STAT_ROWS:
            shown = figures.get(part, {})
            body.append(
                (
                    str(label),
                    Score(shown.get(OVERALL_METRIC)),
                    *(None,) * 7,
                    *cells(shown, ranked=False),
                )
            )
    notes = (
        _("%(group)s · 成员对比 · %(year)d 年度", group=group.display_name(lang), year=cycle.year),
        # one line: the header stays where readers (and formulas) find it
        ("" if lang == "zh" else " ").join(
            t for t in (_note(group), overall_note, no_stats_why) if t
        ),
        *([late_note] if late_note else []),
        *([filter_words] if filter_words else []),
    )
    widths = (
        32,
        10,
        12,
        10,
        16,
        10,
        10,
        16,
        12,
        *(w for m in metrics for w in (14, 12)[: 1 + _ranked(m)]),
    )
    chart = score_chart(group, cycle, len(rows), overall_median is not None, lang)
    return Sheet(_("成员对比"), header, body, widths=widths, notes=notes, chart=chart)


def score_chart(
    group: WorkingGroup, cycle: ReportingCycle, members: int, with_median: bool, lang: str
) -> BarChartSheet | None:
    """Chart the members' overall self scores, and the group median under them, for a slide.

    The one figure a lead shows the annual meeting: where each member stands overall, in
    the table's order, against the group's median (the median row right under the members,
    drawn in another colour). The KPIs differ in unit and direction; they stay in the table.
    No member, no chart.
    """
    if not members:
        return None
    return BarChartSheet(
        title=_("自评得分图"),
        heading=_(
            "%(group)s · 自评得分 · %(year)d 年度", group=group.display_name(lang), year=cycle.year
        ),
        axis_title=_("自评得分（满分 100）"),
        label_column=1,  # 单位
        value_column=2,  # 自评得分
        rows=members + with_median,
        marked=(members,) if with_median else (),
        value_max=100,
    )
