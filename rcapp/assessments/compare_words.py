"""The words of a figure that does not compare across years, the same on every page and workbook.

Whether it compares is rubrics.app_year_compare's; these say so (不可比*) and why, as the
years page (历年对比) first did.
"""

from __future__ import annotations

from flask_babel import gettext


def _(msgid: str, /) -> str:
    return str(gettext(msgid))


def incomparable_mark() -> str:
    """Write the mark of a figure that does not compare, its footnote star as text."""
    words = _("不可比")
    return words[:1].upper() + words[1:] + "*"  # a cell's first word: "Not comparable*"


def stars_note() -> str:
    """Say why stars of two rubric versions are marked: their rules differ."""
    return _(
        "该年度的评价细则的星级规则（星级门槛、否决规则或总分构成）与最新年度不同，"
        "星级的变化不一定是结果的变化。"
    )


def total_note() -> str:
    """Say why total scores of two rubric versions are marked (the list and organisation page)."""
    return _(
        "该年度的评价细则与最新年度的版本不同，评价项有改动：总分和星级不能直接比较，"
        "同口径比较见“历年对比”。"
    )


def kpi_note() -> str:
    """Say why a KPI's values of two rubric versions are not compared (the years page's note)."""
    return _(
        "该年度的评价细则对此指标的定义（公式、数据项、数据项的计量单位或工时基数）与最新年度不同，"
        "数值不作比较；公式和数据项未变、只改了指标名称、所标计量单位或汇总方式的年份照常比较。"
    )
