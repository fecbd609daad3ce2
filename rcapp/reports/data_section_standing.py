"""The side-by-side workbook's section sheets: the group's figures and each member's standing.

The page's section tables (reviews.section_tables) as two sheets: one line per section
with its P25, median and P75 and who has it N/A, then one line per member and section
with its score, percentile, place and position. Scores are score cells, percentiles and
places whole numbers, as the side-by-side sheet writes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext

from rcapp.benchmarks.shown import percentile_number
from rcapp.reports.excel import CellValue, Score, Sheet
from rcapp.reviews.section_tables import SectionTable


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def section_sheets(
    tables: Sequence[SectionTable], title: str, filter_words: str, lang: str
) -> list[Sheet]:
    """Write the section figures and the members' standings; nothing without a section.

    `title` names the group and year above each header, `filter_words` the page's filter.
    """
    if not tables:
        return []
    rule = _(
        "按本组成员的自评板块得分计算，算法和最少成员数与绩效指标的组统计相同；"
        "该板块不适用的成员不计入该板块的统计。"
    )
    notes = (title, rule, *([filter_words] if filter_words else []))
    return [_figures_sheet(tables, notes), _standing_sheet(tables, notes, lang)]


def _figures_sheet(tables: Sequence[SectionTable], notes: Sequence[str]) -> Sheet:
    header = (
        _("板块"),
        _("有得分的成员"),
        _("不适用的成员"),
        _("下四分位（P25）"),
        _("中位数"),
        _("上四分位（P75）"),
        _("说明"),
    )
    rows: list[Sequence[CellValue]] = []
    for table in tables:
        standing, stats = table.standing, table.standing.stats
        rows.append(
            (
                table.metric.label,
                standing.scored,
                len(standing.not_applicable),
                Score(None if stats is None else stats.first_quartile),
                Score(None if stats is None else stats.median),
                Score(None if stats is None else stats.third_quartile),
                " ".join(
                    t
                    for t in ("" if stats else table.summary, table.na_note, table.later_note)
                    if t
                ),
            )
        )
    return Sheet(
        _("板块统计"),
        header,
        rows,
        widths=(28, 12, 12, 14, 10, 14, 60),
        notes=notes,
        wrapped=frozenset({6}),
    )


def _standing_sheet(tables: Sequence[SectionTable], notes: Sequence[str], lang: str) -> Sheet:
    header = (_("板块"), _("单位"), _("板块得分"), _("百分位"), _("名次"), _("组内位置"))
    rows: list[Sequence[CellValue]] = [
        (
            table.metric.label,
            line.row.organisation.display_name(lang),
            Score(line.standing.score),
            percentile_number(line.standing.rank),
            line.standing.place,
            line.position_text,
        )
        for table in tables
        for line in table.rows
    ]
    return Sheet(_("板块位置"), header, rows, widths=(28, 32, 10, 10, 8, 20), notes=notes)
