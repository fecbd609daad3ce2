"""What an earlier year's KPI cell says when it holds no comparable value: one word everywhere.

Two cases, told apart (qa55 #4, the year-end test): that year's rubric version defined the
KPI otherwise (another formula or unit: 不可比), or had no such KPI at all because a later
version added it (未设). A KPI defined alike but counted on another basis (typed one year,
counted by rcapp from the residents the other: basis_words) is 不可比 too, its own kind, so
a chart leaves it out like any other (parkshare #1) while the table still names why. The
KPI page, the reviewer's KPI data, the scorecard PDF, the results workbook and the years
page (历年对比) with its workbook all take their words here.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from rcapp.i18n import gettext as _


class EarlierMark(StrEnum):
    NOT_COMPARABLE = "not_comparable"  # defined otherwise in that year's rubric version
    UNDEFINED = "undefined"  # that year's rubric version had no such KPI (new since)
    BASIS_CHANGED = "basis_changed"  # defined alike, but typed one year and counted the other


def marks_of(
    ours: Collection[str],
    had: Collection[str],
    comparable: Collection[str],
    basis_changed: Collection[str] = (),
) -> dict[str, EarlierMark]:
    """Mark each of `ours` (a later year's KPI ids) that an earlier year has no comparable value of.

    `had`: the KPI ids of the earlier year's rubric version; `comparable`: those it defined
    alike; `basis_changed`: those counted on another basis that year (basis_words). A KPI it
    did not have is UNDEFINED (未设), one it defined otherwise NOT_COMPARABLE, one defined
    alike on another basis BASIS_CHANGED. A KPI left unmarked is the only kind to draw.
    """
    marks = {
        kpi_id: EarlierMark.NOT_COMPARABLE if kpi_id in had else EarlierMark.UNDEFINED
        for kpi_id in ours
        if kpi_id not in comparable
    }
    for kpi_id in ours:
        if kpi_id in basis_changed and kpi_id not in marks:
            marks[kpi_id] = EarlierMark.BASIS_CHANGED
    return marks


def earlier_mark_text(mark: EarlierMark) -> str:
    """Return the word a cell shows: 不可比 or 未设."""
    if mark is EarlierMark.UNDEFINED:
        return _("未设")
    return _("不可比")


def earlier_year_text(mark: EarlierMark, year: int) -> str:
    """Return the mark named with its year, as a workbook's status column lists them."""
    if mark is EarlierMark.UNDEFINED:
        return _("%(year)s 年评价细则未设此指标", year=year)
    return _("%(year)s 年不可比", year=year)
