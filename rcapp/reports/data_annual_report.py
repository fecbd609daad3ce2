"""The annual report of a cycle: AnnualData plus signatories, five-year trends and coverage.

Pooled KPIs per year sum the raw inputs of the organisations that submitted that year with a
rubric that has the KPI, defined as this year's rubric defines it (annual_pool), and evaluate
each formula once (rcapp.scoring.group_kpi), so every year is computed the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal, localcontext
from typing import TypeVar

from flask_babel import force_locale, gettext
from markupsafe import Markup
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.kpi_table import primary_unit
from rcapp.assessments.queries import registry
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.stats import MIN_GROUP_SIZE, MIN_INDUSTRY_SIZE, shows_group
from rcapp.benchmarks.year_notes import group_figure_from, self_cap
from rcapp.charts.bars import Series, XYChart, bar_svg, line_svg
from rcapp.clock import beijing_today
from rcapp.cycles.closed_groups import signatory_in
from rcapp.cycles.models import ReportingCycle
from rcapp.figures import told_apart
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.organisations.provinces import province_name
from rcapp.reports.annual_complement import complement_hidden
from rcapp.reports.annual_method import build_method, cover_summary
from rcapp.reports.annual_model import (
    AnnualData,
    AnnualReport,
    Chapter,
    CoverageRow,
    HeatRow,
    HeatTable,
    OrgResult,
    PeerReviewFrom,
    RatedOrg,
    SdgRow,
    SignatoryRow,
    TrendGroup,
    TrendRow,
)
from rcapp.reports.annual_partners import partner_check
from rcapp.reports.annual_pool import KpiPools, PinnedInputs
from rcapp.reports.annual_years import base_year as first_year
from rcapp.reports.annual_years import inputs_by_year, trend_years
from rcapp.reports.data import kind_label
from rcapp.reports.data_annual import (
    Progress,
    build_annual_data,
    cycle_rubrics,
    kpi_names,
    trend_figures,
)
from rcapp.reports.star_words import result_type
from rcapp.rubrics.kpi_categories import KPI_CATEGORY_NAMES
from rcapp.rubrics.model import Direction, Kpi
from rcapp.scoring import GroupKpi, group_kpi
from rcapp.scoring.kpi_text import COUNT_PLACES, kpi_places
from rcapp.scoring.kpis import raw_kpi
from rcapp.scoring.model import KpiInputs
from rcapp.scoring.rounding import ARITHMETIC
from rcapp.scoring.section_raw import mean_score

CATEGORY_ORDER = ("safety", "process_safety", "environment", "resources")
MAX_LINES = 6  # lines a trend chart draws at most: more cannot be told apart in print


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def build_annual_report(
    cycle: ReportingCycle, lang: str, progress: Progress | None = None
) -> AnnualReport:
    data = build_annual_data(cycle, lang, progress)
    with force_locale("en" if lang == "en" else "zh_CN"):
        return _report(cycle, data, lang)


def _report(cycle: ReportingCycle, data: AnnualData, lang: str) -> AnnualReport:
    years = trend_years(cycle.year)
    pools = KpiPools(cycle_rubrics(cycle))
    kpis = pools.kpis
    inputs = inputs_by_year(years)
    base_year = first_year(inputs, years)
    names = kpi_names(cycle, lang)
    trend_rows = {
        kpi_id: replace(
            _trend(
                pools, kpi, names.get(kpi_id, kpi.name.get(lang)), inputs, years, base_year, lang
            ),
            decimals=data.places.get(kpi_id),
        )
        for kpi_id, kpi in kpis.items()
    }
    return AnnualReport(
        lang=lang,
        data=data,
        chapters=_chapters(),
        years=years,
        base_year=base_year,
        by_kind=tuple(_signatories(cycle, _kind_key, lambda key: kind_label(KINDS[key]))),
        by_province=tuple(
            _signatories(cycle, lambda o: o.province or "", lambda p: province_name(p, lang))
        ),
        star_chart=_star_chart(data),
        trends=tuple(_trend_groups(kpis, trend_rows, years, base_year)),
        heat=tuple(_heat(cycle, data)),
        rated=tuple(_rated(data)),
        sdg=tuple(_sdg(kpis, trend_rows)),
        coverage=tuple(_coverage(data)),
        generated_on=beijing_today(),
        sdg_annex=tuple(
            trend_rows[kpi_id]
            for kpi_id, kpi in kpis.items()
            if kpi.sdg and kpi.category not in CATEGORY_ORDER
        ),
        partners=partner_check(inputs.get(cycle.year, []), cycle.year),
        peer_review_from=tuple(_peer_review_from(cycle)),
        out_of_reach=tuple(_out_of_reach(cycle)),
        method=build_method(cycle, lang),
        summary=cover_summary(data),
    )


def _peer_review_from(cycle: ReportingCycle) -> Iterator[PeerReviewFrom]:
    """Yield, per kind of organisation, the fewest stars its rubric gives only after review."""
    for kind in (OrganisationKind.COMPANY, OrganisationKind.PARK):
        rubric_id, version = cycle.rubric_for(kind.value)
        cap = self_cap(registry().get(rubric_id, version).rubric)
        if cap is not None:
            yield PeerReviewFrom(kind_label(kind), cap + 1)


def _out_of_reach(cycle: ReportingCycle) -> Iterator[PeerReviewFrom]:
    """Yield, per kind, the fewest stars no one could reach this year.

    They compare KPIs with the peer group, and no peer group had the minimum size (no
    statistics).
    """
    if computed_summary(cycle.id).groups:
        return
    for kind in (OrganisationKind.COMPANY, OrganisationKind.PARK):
        rubric_id, version = cycle.rubric_for(kind.value)
        stars = group_figure_from(registry().get(rubric_id, version).rubric)
        if stars is not None:
            yield PeerReviewFrom(kind_label(kind), stars)


def _chapters() -> tuple[Chapter, ...]:
    return (
        Chapter("signatories", _("签署承诺的组织")),
        Chapter("participation", _("参与情况")),
        Chapter("stars", _("星级分布")),
        Chapter("sections", _("各工作组板块平均得分")),
        Chapter("kpis", _("汇总关键绩效指标")),
        Chapter("targets", _("目标与承诺进展")),
        Chapter("sdg", _("对可持续发展目标的贡献")),
        Chapter("rated", _("获得星级的组织")),
        Chapter("quality", _("附录：数据质量")),
    )


# Chapter 1's kinds in the Chinese edition's order (企业, 化工园区), whatever the language.
KINDS = (OrganisationKind.COMPANY, OrganisationKind.PARK)
K = TypeVar("K", int, str)


def _kind_key(org: Organisation) -> int:
    return KINDS.index(org.kind)


def _signatories(
    cycle: ReportingCycle, key: Callable[[Organisation], K], label: Callable[[K], str]
) -> list[SignatoryRow]:
    """Count new signatories this year and all of them by year end, grouped by `key(org)`.

    Rows follow the key (the kind's place, the province's stored Chinese name), not the
    translated label, so both editions list them in one order and can be checked row by row.

    All of them: the year's signatories as the roster and the participation count read them
    (cycles.participants; a closed year's as kept at its close), so the report's totals agree.
    """
    year = cycle.year
    statement = select(Organisation).where(signatory_in(cycle))
    new: dict[K, int] = defaultdict(int)
    total: dict[K, int] = defaultdict(int)
    for org in db.session().scalars(statement):
        group = key(org)
        total[group] += 1
        if org.commitment_signed_on is not None and org.commitment_signed_on.year == year:
            new[group] += 1
    rows = [SignatoryRow(label(group), new[group], total[group]) for group in sorted(total)]
    rows.append(SignatoryRow(_("合计"), sum(new.values()), sum(total.values())))
    return rows


def _trend(
    pools: KpiPools,
    kpi: Kpi,
    name: str,
    inputs: dict[int, list[PinnedInputs]],
    years: tuple[int, ...],
    base_year: int,
    lang: str,
) -> TrendRow:
    """Pool the KPI each year over the results whose pinned rubric defines it alike."""
    members = {year: pools.members(kpi.id, results) for year, results in inputs.items()}
    base_members = members.get(base_year, [])
    pooled, figures = trend_figures(pools, kpi, inputs, years, base_year)
    withheld = tuple(
        f.value is None and p.value is not None for f, p in zip(figures, pooled, strict=True)
    )
    values = tuple(f.value for f in figures)
    base_figure, now_figure = figures[years.index(base_year)], figures[-1]
    same_sample = None
    if base_year != years[-1] and base_members and members.get(years[-1]):
        # (a KPI not pooled in one of the two years has nothing to compare: no note)
        # every change (a total, a rate or an intensity) compares like with like (qa40 D1)
        base_figure, now_figure, same_sample = _same_sample(
            pools, kpi, inputs, base_year, years[-1]
        )
        if not shows_group(same_sample, MIN_INDUSTRY_SIZE):
            # a change over one or two organisations is their own change: not compared
            base_figure = replace(base_figure, value=None, raw=None)
            now_figure = replace(now_figure, value=None, raw=None)
    base, now = base_figure.value, now_figure.value
    change = None
    if base is not None and base != 0 and now is not None and base_year != years[-1]:
        change = change_pct(base_figure, now_figure)
    if change is not None and change == 0:
        change = Decimal("0.0")  # no "-0.0": a change that rounds to nothing is no change
    compared = base is not None and now is not None and base_year != years[-1]
    last = figures[-1]
    improved = None
    steady = False
    if compared and base_figure.raw is not None and now_figure.raw is not None:
        steady = is_steady(change, base_figure.raw, now_figure.raw)
        improved = _improved(kpi, base_figure.raw, now_figure.raw, steady, last.value)
    return TrendRow(
        kpi.id,
        name,
        primary_unit(kpi, lang),  # 起/百万工时, not the rubric's 起/工时基数
        values,
        change,
        improved,
        last.members_counted,
        last.members_total,
        tuple(not members.get(y) and pools.redefined(kpi.id, inputs.get(y, [])) for y in years),
        compared,
        same_sample,
        tuple(_restated_unit(pools, kpi, inputs.get(y, []), lang) for y in years),
        withheld,
        MIN_INDUSTRY_SIZE,
        *(_compared_pair(base_figure, now_figure, steady) if compared else (None, None)),
        undefined=tuple(pools.undefined(kpi.id, inputs.get(y, [])) for y in years),
        raws=tuple(None if f.value is None else f.raw for f in figures),
        steady=steady,
        rose_from=_everyone_rose(
            kpi,
            kpi_places(*pools.defined[kpi.id]) == COUNT_PLACES,
            values[years.index(base_year)],
            values[-1],
        ),
    )


def _compared_pair(
    base: GroupKpi, now: GroupKpi, steady: bool
) -> tuple[Decimal | None, Decimal | None]:
    """Return the like-for-like figures printed beside a change: told apart unless steady."""
    if base.value is None or now.value is None or steady:
        return base.value, now.value
    return told_apart((base.value, now.value), (base.raw, now.raw))


def is_steady(change: Decimal | None, base: Decimal, now: Decimal) -> bool:
    """Whether a like-for-like pair is unchanged (持平): the one rule of colour, text and counts.

    The unrounded figures decide, as the percentage beside them is computed from them
    (qa17 D5): a change of -2.2 % is a fall even where both figures round to 0.17 (QA61
    D1, PS-03 counted 持平 while its row read -2.2 %). A change that rounds to 0.0 % is no
    change; without a percentage (a base of 0) the unrounded figures are compared. The row
    is printed with the decimals that show the difference (TrendRow.places).
    """
    if change is not None:
        return change == 0
    return now == base


def _everyone_rose(
    kpi: Kpi, counted: bool, base: Decimal | None, now: Decimal | None
) -> Decimal | None:
    """Return the base year's figure of everyone where a rise must be said on the row.

    A like-for-like 0 → 0 beside 3 deaths this year read as good news (QA61 m9): a KPI where
    fewer is better whose year column rises from 0, or a count of harm (`counted`: a total
    of whole-number inputs, e.g. fatalities, events) that rises at all, says so on its row.
    """
    if kpi.better is not Direction.LOWER or base is None or now is None or now <= base:
        return None
    return base if base == 0 or counted else None


def change_pct(base: GroupKpi, now: GroupKpi) -> Decimal | None:
    """Return this year's change on the base year in %, one decimal, from the unrounded figures.

    Not from the figures shown (qa17 D5): 1.51 → 0.66 shown is -56.3 %, the true change of
    the pooled rates (1.5075 → 0.6601) -56.2 %.
    """
    if base.raw is None or now.raw is None or base.raw == 0:
        return None
    with localcontext(ARITHMETIC):
        change = (now.raw - base.raw) / abs(base.raw) * 100
    return change.quantize(Decimal("0.1"), context=ARITHMETIC)


def _restated_unit(pools: KpiPools, kpi: Kpi, results: list[PinnedInputs], lang: str) -> str | None:
    """Name the unit a year's own rubric gave the KPI, where this year's restates it."""
    was = pools.restated(kpi.id, results)
    return None if was is None else primary_unit(was, lang)


def _same_sample(
    pools: KpiPools, kpi: Kpi, inputs: dict[int, list[PinnedInputs]], base_year: int, year: int
) -> tuple[GroupKpi, GroupKpi, int]:
    """Return the KPI of the base year and of `year` over the same organisations.

    A sum over 6 companies in 2024 and 4 in 2025 falls because fewer reported (qa17 D4), and
    a pooled rate rises when a company with a high rate joins (qa40 D1: 万元产值综合能耗
    +6.1 % over everyone, -9.4 % over the companies of both years): every change compares
    only the organisations that reported the figure in both years, a total as their sum, a
    rate as their pooled figure (an index over their own base year).
    The figures are value shown and unrounded, as the change needs (qa17 D5);
    without an organisation in both years their values are None.
    """
    base = _reporting(pools, kpi, inputs.get(base_year, []))
    now = _reporting(pools, kpi, inputs.get(year, []))
    both = sorted(base.keys() & now.keys())
    base_both = [base[o] for o in both]
    base_total = group_kpi(kpi, base_both, base_both)
    now_total = group_kpi(kpi, [now[o] for o in both], base_both)
    return base_total, now_total, len(both)


def _reporting(pools: KpiPools, kpi: Kpi, results: list[PinnedInputs]) -> dict[int, KpiInputs]:
    """Return the inputs of each organisation whose result reports the KPI, by organisation id."""
    return {
        r.organisation_id: r.inputs
        for r in pools.pinned_members(kpi.id, results)
        if r.organisation_id is not None and raw_kpi(kpi, r.inputs) is not None
    }


def _improved(
    kpi: Kpi, base: Decimal, now: Decimal, steady: bool, everyone: Decimal | None
) -> bool | None:
    """Whether a KPI with both figures moved the better way (None: unchanged, not better).

    One rule for every row, whatever the base (a base of 0 gives no percentage): a value
    that moved the better way (unrounded, `is_steady`) is better; an unchanged one is
    better only when it stays at the best possible level (0 of something fewer is
    better, 100 % of a rate where more is better) and this year's figure of everyone who
    reported it (`everyone`, the year column) is at that level too: 0 → 0 deaths like for
    like beside 3 deaths this year is unchanged, not "improving" (qa46 S2). The report
    states this rule.
    """
    if steady:
        best = everyone is not None and at_best_level(kpi, now) and at_best_level(kpi, everyone)
        return True if best else None
    return now < base if kpi.better is Direction.LOWER else now > base


def at_best_level(kpi: Kpi, value: Decimal) -> bool:
    """0 where fewer is better (no incidents), 100 % where more is better (full compliance)."""
    if kpi.better is Direction.LOWER:
        return value == 0
    return value == 100 and kpi.unit.zh.strip() in ("%", "％")


def _category_title(category: str) -> str:
    """Name a KPI category as the KPI page and the rubric check do (one list of headings)."""
    msgid = KPI_CATEGORY_NAMES.get(category)
    return category if msgid is None else _(msgid)


def _trend_groups(
    kpis: dict[str, Kpi], rows: dict[str, TrendRow], years: tuple[int, ...], base_year: int
) -> list[TrendGroup]:
    groups = []
    start = years.index(base_year)  # the years before the base year have no data to draw
    shown = tuple(str(y) for y in years[start:])
    for category in CATEGORY_ORDER:
        members = [rows[k.id] for k in kpis.values() if k.category == category]
        if not members:
            continue
        # a line needs two years: a KPI pooled only this year (new, or redefined) is no trend
        # an absolute total's lines would compare different organisations (same_sample);
        # a rate's line draws its columns (everyone's pooled figure each year)
        lined = [row for row in members if not kpis[row.kpi_id].absolute]
        every = [(row, _indexed(row, start)) for row in lined]
        drawn = [(row, s) for row, s in every if sum(v is not None for v in s.values) >= 2]
        indexed = [s for _row, s in drawn[:MAX_LINES]]
        shown_ids = {row.kpi_id for row, _s in drawn[:MAX_LINES]}
        chart = Markup("")
        if indexed:
            xy = XYChart(
                _(
                    "%(title)s：指数（%(year)s 年 = 100）",
                    title=_category_title(category),
                    year=base_year,
                ),
                shown,
                tuple(indexed),
                y_label=_("指数（%(year)s 年 = 100）", year=base_year),
                # Said on the chart itself: its lines are each year's figure of everyone
                # reporting then (the table's year columns), the change column compares
                # like for like; a like-for-like line would need another sample per year.
                note=_(
                    "图中各年为当年全部报送组织的汇总值（与表中各年列相同），不是同口径比较；"
                    "同口径的变化见表中“较基准年”列。"
                ),
            )
            chart = Markup(line_svg(xy, id_prefix=f"trend-{category}"))  # noqa: S704 - built by ElementTree, escaped
        undrawn = _undrawn([row for row in lined if row.kpi_id not in shown_ids], start)
        totals = [row.name for row in members if kpis[row.kpi_id].absolute]
        if totals and (indexed or undrawn):
            # a chart says every KPI of its table it leaves out (QA52 m5: six totals unsaid)
            undrawn = (*undrawn, _totals_undrawn(totals, compared=start < len(years) - 1))
        groups.append(TrendGroup(_category_title(category), tuple(members), chart, undrawn))
    return groups


def _undrawn(rows: list[TrendRow], start: int) -> tuple[str, ...]:
    """Say under a chart why each rate of its table draws no line (reports4 item 6).

    rc-company@2 redefined EN-01..EN-05 (kg per t of product, version 1 tonnes) and added
    EN-09..EN-13: the 2025 environment chart drew one line of eleven rates, without a word.
    """
    reasons: dict[str, list[str]] = {}
    for row in rows:
        earlier = range(start, len(row.values) - 1)
        figures = sum(v is not None for v in row.values[start:])
        if any(i < len(row.not_comparable) and row.not_comparable[i] for i in earlier):
            why = _("往年的评价细则对其定义不同，不可比")
        elif any(i < len(row.withheld) and row.withheld[i] for i in earlier):
            why = _("报送组织少于 %(n)s 家的年份不显示汇总值", n=row.least)
        elif figures < 2:
            why = _("不足两年有汇总值")
        elif row.values[start] is None or row.values[start] == 0:
            why = _("基准年没有汇总值或为 0，无法折算为指数")
        else:
            why = _("每幅图最多画 %(n)s 条线", n=MAX_LINES)
        reasons.setdefault(why, []).append(row.name)
    return tuple(
        _("未画线：%(kpis)s（%(why)s）。", kpis=_("、").join(names), why=why)
        for why, names in reasons.items()
    )


def _totals_undrawn(names: list[str], *, compared: bool) -> str:
    """Say why a chart draws no line for the totals of its table (tonnes, not intensities).

    The base year's report has no 较基准年 column to point to (QA61 m7).
    """
    if not compared:
        return _(
            "未画线：%(kpis)s（总量：各年报送的组织不同，总量的线会比较不同的组织）。",
            kpis=_("、").join(names),
        )
    return _(
        "未画线：%(kpis)s（总量：各年报送的组织不同，总量的线会比较不同的组织；"
        "同口径的变化见表中“较基准年”列）。",
        kpis=_("、").join(names),
    )


def _indexed(row: TrendRow, start: int) -> Series:
    """Index the row from the base year (at `start`) on to its base-year value (= 100).

    One base year for every line, so the axis can say which year is 100; a KPI with no
    figure (or zero) in the base year has nothing to be indexed to and draws no line.
    """
    base = row.values[start]
    values = row.values[start:]
    if base is None or base == 0:
        return Series(row.name, (None,) * len(values))
    return Series(row.name, tuple(None if v is None else v / base * 100 for v in values))


def _star_chart(data: AnnualData) -> Markup:
    categories = tuple(count.label for count in data.star_distribution)
    series = [Series(_("本年"), tuple(Decimal(c.count) for c in data.star_distribution))]
    if any(c.previous is not None for c in data.star_distribution):
        previous = tuple(
            Decimal(c.previous) if c.previous is not None else None for c in data.star_distribution
        )
        series.append(Series(_("上年"), previous))
    # Printed 120 mm wide: 13 px text reads at about 8 pt, the axis says what it counts.
    chart = XYChart(_("星级分布"), categories, tuple(series), y_label=_("组织数"), text_size=13)
    return Markup(bar_svg(chart, id_prefix="stars"))  # noqa: S704 - built by ElementTree, escaped


def _heat(cycle: ReportingCycle, data: AnnualData) -> list[HeatTable]:
    """One table per rubric of the year.

    Companies and parks answer different sections: one table of both was mostly dashes, on a
    landscape page of its own.
    """
    kinds: dict[str, list[OrganisationKind]] = defaultdict(list)
    for kind in OrganisationKind:
        kinds[cycle.rubric_for(kind.value)[0]].append(kind)
    column_of = {c.section_id: n for n, c in enumerate(data.sections)}
    tables = []
    for rubric_id, answered_by in kinds.items():
        rubric = registry().get(*cycle.rubric_for(answered_by[0].value)).rubric
        positions = [column_of[s.id] for s in rubric.sections if s.id in column_of]
        scored = [
            org
            for org in data.organisations
            if org.submitted and org.sections and org.rubric_id == rubric_id
        ]
        if not scored:
            continue
        everyone = _everyone(answered_by)
        tables.append(
            HeatTable(
                title=_heat_title(answered_by),
                columns=tuple(data.sections[p].title for p in positions),
                rows=tuple(_heat_rows(scored, positions, everyone)),
            )
        )
    return tables


def _heat_title(kinds: list[OrganisationKind]) -> str:
    if len(kinds) > 1:
        return _("参评组织")
    return _("参评化工园区") if kinds[0] is OrganisationKind.PARK else _("参评企业")


def _everyone(kinds: list[OrganisationKind]) -> str:
    if len(kinds) > 1:
        return _("全部组织")
    return _("全部化工园区") if kinds[0] is OrganisationKind.PARK else _("全部企业")


def _heat_rows(scored: list[OrgResult], positions: list[int], everyone: str) -> list[HeatRow]:
    """Mean section scores of each working group's members, then of all of them.

    A working group with fewer members than the minimum group size shows none, and the row
    of all of them (the whole industry) none under MIN_INDUSTRY_SIZE: all parks of a year may
    be one park, whose own scores a mean would publish. A group whose members are all but
    1..MIN_GROUP_SIZE-1 of a larger row shown shows none either: the two means would give
    the others' scores by subtraction (annual_complement, qa46 D1).
    """
    members: dict[str, list[int]] = defaultdict(list)
    for number, org in enumerate(scored):
        for group in (*org.groups, everyone):
            members[group].append(number)
    ordered = sorted(members.items(), key=lambda item: item[0] == everyone)
    least = {g: MIN_INDUSTRY_SIZE if g == everyone else MIN_GROUP_SIZE for g in members}
    shown = {g: frozenset(n) for g, n in ordered if shows_group(len(n), least[g])}
    complement = complement_hidden(shown, MIN_GROUP_SIZE)
    rows = []
    blank = (None,) * len(positions)
    for group, numbers in ordered:
        if group not in shown:
            # below the minimum group size a mean is a few members' own scores (benchmarks' rule)
            rows.append(HeatRow(group, len(numbers), blank, withheld=True, least=least[group]))
            continue
        if group in complement:
            rows.append(
                HeatRow(
                    group, len(numbers), blank, withheld=True, least=MIN_GROUP_SIZE, complement=True
                )
            )
            continue
        # the unrounded scores, rounded once as a mean (docs/scoring.md §3, qa40 D3)
        scores = [scored[n].section_raws or scored[n].sections for n in numbers]
        cells: list[Decimal | None] = []
        for index in positions:
            cells.append(mean_score(v for s in scores if (v := s[index]) is not None))
        rows.append(HeatRow(group, len(numbers), tuple(cells)))
    return rows


def _rated(data: AnnualData) -> list[RatedOrg]:
    rated = [
        RatedOrg(
            org.name,
            org.province,
            org.stars,
            org.overall,
            org.final,
            result_type(org.final, org.published, org.reopened, org.review_frozen),
            kind=org.kind,
            late=org.late,
            contested=org.reopened,
        )
        for org in data.organisations
        if org.submitted and org.stars is not None and org.stars > 0
    ]
    return sorted(rated, key=lambda r: (-r.stars, -(r.overall or 0), r.name))


def _sdg(kpis: dict[str, Kpi], rows: dict[str, TrendRow]) -> list[SdgRow]:
    targets: dict[str, list[TrendRow]] = defaultdict(list)
    for kpi in kpis.values():
        for target in kpi.sdg:
            targets[target].append(rows[kpi.id])
    return [
        SdgRow(
            target,
            _("、").join(r.name for r in found),
            sum(1 for r in found if r.improved),
            sum(1 for r in found if r.compared),  # as chapter 6 counts: comparable rows
        )
        for target, found in sorted(
            targets.items(), key=lambda item: [int(p) for p in item[0].split(".") if p.isdigit()]
        )
    ]


def _coverage(data: AnnualData) -> list[CoverageRow]:
    """Per KPI, the submitted results that report it out of those whose rubric has it.

    A company's rubric has no park KPIs (and a park's no company KPIs): such a KPI is no
    gap in the company's data, so it counts in neither figure (its OrgResult.kpis is None).
    """
    submitted = [org for org in data.organisations if org.submitted and org.kpis]
    rows = []
    for index, kpi in enumerate(data.kpis):
        asked = [figure for org in submitted if (figure := org.kpis[index]) is not None]
        reported = sum(1 for figure in asked if figure.value is not None)
        pct = round(reported * 100 / len(asked)) if asked else 0
        rows.append(CoverageRow(kpi.name, reported, len(asked), pct))
    return rows
