"""How the KPI performance score was reached, per core KPI, in words (result page and PDF).

The score is the mean of the core KPIs' rungs on the ladder (scoring.kpis) over 4, times
100. Each rung is worded from what the engine kept of it (`KpiLadderFacts`): the missing
years of the series, the group median, the change on last year. Scorecards stored before
those facts were kept get the rung's general meaning. A rung judged without group
statistics says why there are none as the benchmark pages do (group_stats_hook.MissingStats),
and a median it was judged against is written as the benchmark pages write it (kpi_text).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.group_stats_hook import MissingStats
from rcapp.assessments.messages import _, number_text
from rcapp.figures import figure_text
from rcapp.rubrics.model import KpiPerformance, Rubric
from rcapp.scoring import KpiLadderFacts, KpiLevel, KpiStatus, Scorecard
from rcapp.scoring.kpi_text import kpi_places, kpi_text


@dataclass(frozen=True)
class KpiLadderRow:
    kpi_id: str
    name: str
    rung: int
    why: str
    to_raise: str
    # The rung was judged without group statistics and `why` says why, as the benchmark
    # page does: the result page links that page beside it.
    benchmarks: bool = False


@dataclass(frozen=True)
class _RungFacts:
    """What words a rung besides its level: the KPI's decimals and why statistics lack."""

    scheme: KpiPerformance
    uncomputable: bool
    absolute: bool
    places: int
    missing: MissingStats


def ladder_rows(
    rubric: Rubric, card: Scorecard, lang: str, missing: MissingStats | None = None
) -> tuple[KpiLadderRow, ...]:
    """Word each core KPI's rung; `missing`: why the peer group lacks statistics, if known."""
    names = {kpi.id: kpi.name.get(lang) for kpi in rubric.kpis}
    uncomputable = {k.kpi_id for k in card.kpis if k.status is KpiStatus.NOT_COMPUTABLE}
    # A group figure of an absolute quantity or count is never shown to a member
    # (benchmarks.disclosure): its rung says how it compares, not the median's figure.
    absolute = {kpi.id for kpi in rubric.kpis if kpi.absolute}
    places = {kpi.id: kpi_places(rubric, kpi) for kpi in rubric.kpis}
    facts = {
        level.kpi_id: _RungFacts(
            rubric.rating.kpi_performance,
            level.kpi_id in uncomputable,
            level.kpi_id in absolute,
            places.get(level.kpi_id, 0),
            missing or MissingStats(),
        )
        for level in card.kpi_performance.levels
    }
    return tuple(
        KpiLadderRow(
            kpi_id=level.kpi_id,
            name=names.get(level.kpi_id, level.kpi_id),
            rung=level.level,
            why=_why(level, facts[level.kpi_id]),
            to_raise=_to_raise(level, facts[level.kpi_id]),
            benchmarks=_says_missing(level, facts[level.kpi_id]),
        )
        for level in card.kpi_performance.levels
    )


def _says_missing(level: KpiLevel, rung: _RungFacts) -> bool:
    """Whether the rung's words give the reason the group has no statistics."""
    facts = level.facts
    if not rung.missing.why or facts is None or facts.median is not None:
        return False
    if level.level == 2:
        return not rung.uncomputable
    return level.level == 3 and not facts.top_quartile


def score_text(card: Scorecard) -> str | None:
    """Say how the rungs make the score: their mean over 4, times 100.

    A mean that is not exact to three places is written as the sum over the count, so the
    line reproduces the score (qa40 S1: "1.64 ÷ 4 × 100 = 41.1" for 23 ÷ 14 ÷ 4 × 100 = 41.07).
    """
    levels = card.kpi_performance.levels
    if not levels or card.kpi_performance.score is None:
        return None
    total, count = sum(level.level for level in levels), len(levels)
    mean = Decimal(total) / count
    shown = mean.quantize(Decimal("0.001"))
    if shown == mean:
        return _(
            "关键绩效指标得分 = 各核心指标所在等级（0–4 级）的平均值 ÷ 4 × 100 = "
            "%(mean)s ÷ 4 × 100 = %(score)s。",
            mean=figure_text(mean.normalize()),
            score=f"{card.kpi_performance.score:.1f}",
        )
    return _(
        "关键绩效指标得分 = 各核心指标所在等级（0–4 级）的平均值 ÷ 4 × 100 = "
        "%(total)s ÷ %(count)s ÷ 4 × 100 = %(score)s（%(count)s 项核心指标的等级之和为 "
        "%(total)s，平均值约 %(mean)s）。",
        total=total,
        count=count,
        mean=figure_text(shown),
        score=f"{card.kpi_performance.score:.1f}",
    )


def _why(level: KpiLevel, rung: _RungFacts) -> str:
    text = _rung_words(level, rung)
    if level.level == 1 and rung.uncomputable:
        # the inputs are reported, only the division is not possible: the rule counts the
        # KPI reported (docs/scoring.md §4), which the row says (qa42 S5)
        return _(
            "%(text)s；本年度无法计算（分母为 0），但计算所需的数据已报送，按评分规则计为已报送",
            text=text,
        )
    return text


def _rung_words(level: KpiLevel, rung: _RungFacts) -> str:
    facts, scheme, uncomputable = level.facts, rung.scheme, rung.uncomputable
    if level.level == 0:
        return _("本年度未报送（缺少计算所需的数据）")
    if level.level == 1:
        if facts is not None and facts.incomparable_years:
            text = _(
                "已报送本年度数据，但还没有连续 %(n)s 年可比的数据：%(years)s 年度的评价细则版本"
                "没有该指标或对其定义（公式或数据项）不同，不计入连续年数，也不用于计算较上年的变化",
                n=scheme.series_years,
                years=_("、").join(str(y) for y in facts.incomparable_years),
            )
            if facts.missing_years:
                return _(
                    "%(text)s；本系统中缺 %(years)s 年度的数据",
                    text=text,
                    years=_("、").join(str(y) for y in facts.missing_years),
                )
            return text
        if facts is not None and facts.missing_years:
            return _(
                "已报送本年度数据，但还没有连续 %(n)s 年的数据：本系统中缺 %(years)s 年度的数据",
                n=scheme.series_years,
                years=_("、").join(str(y) for y in facts.missing_years),
            )
        return _("已报送本年度数据，但还没有连续 %(n)s 年的数据", n=scheme.series_years)
    if level.level == 2:
        if uncomputable:
            return _("已连续 %(n)s 年报送，但本年度无法计算（分母为 0）", n=scheme.series_years)
        if facts is None:
            return _(
                "已连续 %(n)s 年报送，但既不优于同组中位数，也未较上年改善至少 %(pct)s%%",
                n=scheme.series_years,
                pct=number_text(scheme.improvement_pct),
            )
        return _(
            "已连续 %(n)s 年报送；%(median)s；%(change)s",
            n=scheme.series_years,
            median=_median_words(facts, rung),
            change=_change_words(facts, scheme),
        )
    if facts is None:
        return _("优于同组中位数或较上年明显改善") if level.level == 3 else _top_words()
    reached = _reached_words(facts, rung)
    if level.level == 3:
        if facts.top_quartile:
            missing = _("较上年变差")
        elif facts.median is None and rung.missing.why:
            missing = _("无法判断是否进入同组前四分之一：%(why)s", why=rung.missing.clause)
        elif facts.median is None:
            missing = _("尚无同组统计，无法判断是否进入同组前四分之一")
        else:
            missing = _("未进入同组前四分之一")
        return _("%(reached)s；%(missing)s", reached=reached, missing=missing)
    return _("%(reached)s；%(top)s", reached=reached, top=_top_words())


def _top_words() -> str:
    return _("进入同组前四分之一且未比上年变差")


def _median_words(facts: KpiLadderFacts, rung: _RungFacts) -> str:
    if facts.median is None and rung.missing.why:
        return _("无法与同组中位数比较：%(why)s", why=rung.missing.clause)
    if facts.median is None:
        return _("尚无同组统计（中位数），无法比较")
    if rung.absolute:
        return _("不优于同组中位数")
    return _("不优于同组中位数 %(median)s", median=kpi_text(facts.median, rung.places))


def _change_words(facts: KpiLadderFacts, scheme: KpiPerformance) -> str:
    need = number_text(scheme.improvement_pct)
    if facts.change_pct is None:
        return _("没有上年数据（或上年为 0），无法计算改善幅度（须至少 %(need)s%%）", need=need)
    return _(
        "较上年改善 %(change)s%%（须至少 %(need)s%%）",
        change=number_text(facts.change_pct),
        need=need,
    )


def _reached_words(facts: KpiLadderFacts, rung: _RungFacts) -> str:
    if facts.held_at_zero:
        return _("本年度和上年均为 0")
    if facts.beats_median and rung.absolute:
        return _("优于同组中位数")
    if facts.beats_median and facts.median is not None:
        return _("优于同组中位数 %(median)s", median=kpi_text(facts.median, rung.places))
    return _("较上年改善 %(change)s%%", change=number_text(facts.change_pct or Decimal(0)))


def _to_raise(level: KpiLevel, rung: _RungFacts) -> str:
    scheme = rung.scheme
    pct = number_text(scheme.improvement_pct)
    if level.level == 0:
        return _("在“KPI 数据”页填写计算所需的数据，可升至第 1 级。")
    if level.level == 1:
        facts = level.facts
        gaps = () if facts is None else (*facts.missing_years, *facts.incomparable_years)
        if gaps:
            # The first year whose series no longer reaches back to a missing or
            # incomparable year.
            return _(
                "此后每年在本系统报送，最早 %(year)s 年度可连续满 %(n)s 年，升至第 2 级。",
                year=max(gaps) + scheme.series_years,
                n=scheme.series_years,
            )
        return _(
            "每年在本系统报送，连续满 %(n)s 年（本年度和此前 %(before)s 年）后可升至第 2 级；"
            "首次参加的组织头 %(before)s 年最高为第 1 级。",
            n=scheme.series_years,
            before=scheme.series_years - 1,
        )
    # the group's statistics lack: why, in a few words, where the benchmarks know it
    why = rung.missing.short if level.facts is not None and level.facts.median is None else ""
    if level.level == 2:
        facts = level.facts
        if why:
            return _(
                "较上年改善至少 %(pct)s%%，可升至第 3 级；优于同组中位数也可，"
                "但目前没有同组统计（%(why)s）。",
                pct=pct,
                why=why,
            )
        if facts is not None and facts.median is None:
            return _(
                "较上年改善至少 %(pct)s%%，或在同组统计发布后优于同组中位数，可升至第 3 级。",
                pct=pct,
            )
        return _("优于同组中位数，或较上年改善至少 %(pct)s%%，可升至第 3 级。", pct=pct)
    if level.level == 3:
        if why:
            return _(
                "进入同组前四分之一且不比上年差，可升至第 4 级；目前没有同组统计（%(why)s）。",
                why=why,
            )
        if level.facts is not None and level.facts.median is None:
            return _(
                "尚无同组统计：同组统计发布后，进入同组前四分之一且不比上年差，可升至第 4 级。"
            )
        return _("进入同组前四分之一且不比上年差，可升至第 4 级。")
    return _("已是最高级。")
