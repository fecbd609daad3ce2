"""How a KPI's rung is worded when a year does not compare or the group has no statistics.

qa14 D4: a KPI whose 2024 value the page calls not comparable was scored on its change
on 2024; now its rung says why 2024 does not count. qa14 S2: "not in the group's top
quartile" and "reach the top quartile" where the group has no statistics at all.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from rcapp.assessments.views.kpi_ladder_words import ladder_rows
from rcapp.scoring import GroupStats, ScoringContext
from tests.unit.scoring.builders import ASSESSED, score, split_answers
from tests.unit.scoring.kpi_builders import DRILLS, LTIF, kpi_rubric, year

RUBRIC = kpi_rubric(LTIF, DRILLS)
BOTH = {2023: year(lti=4, drills=2), 2024: year(lti=4, drills=2)}


def _words(
    app: Flask,
    lang: str,
    incomparable: dict[int, frozenset[str]] | None = None,
    stats: dict[str, GroupStats] | None = None,
) -> dict[str, tuple[int, str, str]]:
    card = score(
        RUBRIC,
        split_answers("S"),
        ScoringContext(assessment_date=ASSESSED, group_stats=stats or {}),
        kpi_inputs=year(lti=3, drills=3),
        kpi_history=BOTH,
        kpi_incomparable=incomparable or {},
    )
    with app.test_request_context(), force_locale(lang):
        return {r.kpi_id: (r.rung, r.why, r.to_raise) for r in ladder_rows(RUBRIC, card, lang)}


@pytest.mark.parametrize(
    ("lang", "why", "to_raise"),
    [
        (
            "zh_CN",
            "已报送本年度数据，但还没有连续 3 年可比的数据：2024 年度的评价细则版本没有该指标"
            "或对其定义（公式或数据项）不同，不计入连续年数，也不用于计算较上年的变化",
            "最早 2027 年度可连续满 3 年",
        ),
        (
            "en",
            "not yet for 3 comparable years in a row: the rubric version in force in 2024",
            "2027",
        ),
    ],
)
def test_a_year_defined_otherwise_is_named_in_the_rung(
    app: Flask, lang: str, why: str, to_raise: str
) -> None:
    rung, said, advice = _words(app, lang, {2024: frozenset({"LTIF"})})["LTIF"]
    assert rung == 1
    assert why in said
    assert "25%" not in said  # no change on the year that does not compare
    assert "25.00%" not in said
    assert to_raise in advice


@pytest.mark.parametrize(
    ("lang", "why", "to_raise", "not_said"),
    [
        (
            "zh_CN",
            "尚无同组统计，无法判断是否进入同组前四分之一",
            "尚无同组统计：同组统计发布后",
            "未进入同组前四分之一",
        ),
        ("en", "no group statistics", "no group statistics", "not in the group's top quartile"),
    ],
)
def test_without_group_statistics_the_rung_says_so_not_the_top_quartile(
    app: Flask, lang: str, why: str, to_raise: str, not_said: str
) -> None:
    rung, said, advice = _words(app, lang)["LTIF"]
    assert rung == 3  # improved 25% on 2024
    assert why in said
    assert not_said not in said
    assert to_raise in advice


def test_with_group_statistics_the_top_quartile_is_still_named(app: Flask) -> None:
    stats = {"LTIF": GroupStats(Decimal("2"), Decimal("1"), Decimal("3"))}
    rung, said, _advice = _words(app, "zh_CN", stats=stats)["LTIF"]
    assert rung == 3
    assert "未进入同组前四分之一" in said


def test_an_absolute_kpis_median_figure_is_not_worded(app: Flask) -> None:
    # DRILLS is a count summed in the group: a member never sees its group figures.
    stats = {"DRILLS": GroupStats(Decimal("2"), Decimal("1"), Decimal("7"))}
    _rung, said, _advice = _words(app, "zh_CN", stats=stats)["DRILLS"]
    assert "优于同组中位数" in said
    assert "中位数 2" not in said


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_kpi_not_reported_is_raised_on_the_tab_by_its_own_name(app: Flask, lang: str) -> None:
    """qa22 S3: the hint sent the user to a “绩效数据” page; the tab is called “KPI 数据”."""
    card = score(
        RUBRIC,
        split_answers("S"),
        ScoringContext(assessment_date=ASSESSED),
        kpi_inputs={},
        kpi_history=BOTH,
    )
    with app.test_request_context(), force_locale(lang):
        rows = {r.kpi_id: r for r in ladder_rows(RUBRIC, card, lang)}
        tab = gettext("KPI 数据")  # the tab's label (templates/assessments/_header.html)
    assert rows["LTIF"].rung == 0
    assert f"“{tab}”" in rows["LTIF"].to_raise
    assert "绩效数据" not in rows["LTIF"].to_raise
