"""Benchmark pages: an organisation's position and years, a working group side by side.

They live in the reviews package (the top domain) because the side-by-side table and the
years show final ratings and review status next to the peer-group statistics.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from rcapp.assessments.compare_words import kpi_note, stars_note
from rcapp.assessments.queries import (
    peer_capped_snapshots,
)
from rcapp.assessments.rating_words import not_rated_text, star_count_text
from rcapp.assessments.review_filters import ReviewState
from rcapp.benchmarks import history, own_targets, pages, tasks
from rcapp.benchmarks import queries as benchmark_queries
from rcapp.benchmarks.computed import ComputedSummary, computed_summary
from rcapp.benchmarks.permissions import (
    can_compare,
    can_see_position,
    can_see_residents,
    require,
    sees_names,
)
from rcapp.benchmarks.ranks import GroupRanks
from rcapp.benchmarks.shown import metric_figure, percentile_text
from rcapp.benchmarks.stats import KPI_PREFIX, MIN_GROUP_SIZE, OVERALL_METRIC, SECTION_PREFIX
from rcapp.charts.radar import ChartTable, RadarChart, RadarSeries, radar_svg, radar_table
from rcapp.cycles.asked import asked_cycle_id
from rcapp.cycles.models import ReportingCycle
from rcapp.figures import NONE_TEXT
from rcapp.i18n import current_lang, marked_chinese
from rcapp.object_cache import PerKey
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.permissions import Action, can
from rcapp.permissions import require as require_action
from rcapp.reviews import queries, year_charts
from rcapp.reviews.compare_filter import NO_FILTER, CompareFilter, compare_filter, filter_form
from rcapp.reviews.group_compare import GroupComparison, compare_group
from rcapp.reviews.messages import STATUS_TEXT, capped_note
from rcapp.reviews.models import ReviewStatus
from rcapp.reviews.no_figures import no_figures_text, passed_over_text
from rcapp.reviews.park_residents import park_residents_overview
from rcapp.reviews.section_tables import section_order, section_tables
from rcapp.reviews.veto_note import result_urls, veto_notes, veto_reason_note
from rcapp.reviews.year_rows import kpi_units, organisation_years
from rcapp.scoring.kpi_text import kpi_text
from rcapp.web import format_score, get_or_404, login_required, star_glyphs

bp = Blueprint("benchmarks", __name__, url_prefix="/benchmarks")


@bp.app_template_filter("figure")
def figure(value: Decimal | None) -> str:
    """Show a benchmark figure: one decimal from 10 up, else up to three (no trailing zeros)."""
    if value is None:
        return "—"
    if abs(value) >= 10:
        return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    shown = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    return f"{shown:f}"


bp.add_app_template_filter(metric_figure, "metric_figure")
# `rank|percentile`: a whole number on every page, as the PDF's peer section (shown.py)
bp.add_app_template_filter(percentile_text, "percentile")
# `value|kpi(places)`: a KPI value with the KPI's decimals, as every page writes it (qa71)
bp.add_app_template_filter(kpi_text, "kpi")


@dataclass(frozen=True)
class TableRow:
    """One member's row of the side-by-side table, every cell already written out as text.

    200 members x the chosen metrics: each template call, filter and translation per cell
    cost more than the queries, so the view fills the cells in one Python pass.
    """

    organisation_id: int
    name: str
    overall: str
    stars: str
    final_stars: str
    review: str
    cells: tuple[str, ...]
    # The member's percentile in the group (the member page's rule): the overall self
    # score's, and per metric a KPI's ("—" without one) or None for a section (no column).
    overall_rank: str = NONE_TEXT
    ranks: tuple[str | None, ...] = ()


# The number visible beside the marks, as final stars are ("★☆☆☆☆ 1 星"): counting small
# filled and outlined stars at 200 % was the only way to read it (QA39 S10).
_STARS_CELL = Markup(
    '<span class="stars" aria-hidden="true">{}</span> <span class="stars-num">{}</span>'
)


def _star_cells() -> dict[int, Markup]:
    """Each star count as the review pages show it: ★ marks and "3 星"."""
    return {n: _STARS_CELL.format(star_glyphs(n), star_count_text(n)) for n in range(6)}


def _stars_cell(
    stars: int | None,
    rated: bool,
    vetoed: bool,
    not_rated: tuple[str, str],
    shown: dict[int, Markup],
) -> str:
    """Stars as ★ marks; a result not rated at all (kept as 0 stars) reads 未评定.

    `not_rated` is (未评定, 未评定（一票否决）): a veto that took every star is said so.
    """
    if stars is None:
        return "—"
    if vetoed:
        return not_rated[1]
    return shown.get(stars, str(stars)) if rated else not_rated[0]


_CAPPED_NOTE = Markup(
    '<br><span class="help capped" title="{}">{}<span aria-hidden="true">*</span></span>'
)


def _capped(rows: Sequence[pages.MemberRow]) -> set[int]:
    """Find the rows' assessments whose self stars the peer-review gate held.

    Reviewed ones too: a high self score beside few self stars needs the reason after the
    review as well.
    """
    rated = [
        row.assessment.id
        for row in rows
        if row.assessment is not None and row.self_rated and not row.self_vetoed
    ]
    return peer_capped_snapshots(rated) if rated else set()


def _capped_notes(closed: bool) -> dict[bool, Markup]:
    """Write the note beside capped self stars, by whether the review is final."""
    return {
        final: _CAPPED_NOTE.format(title, note)
        for final in (False, True)
        for note, title in [capped_note(final, closed)]
    }


def capped_footnotes(finals: set[bool], closed: bool) -> tuple[str, ...]:
    """Say in sight what each capped note used in the table means (not only in its title).

    One line per kind of note used (before / after the final review), as the review
    planning page writes them under its table.
    """
    lines = [
        f"* {note} {title}"
        for final in (False, True)
        if final in finals
        for note, title in [capped_note(final, closed)]
    ]
    return tuple(dict.fromkeys(lines))  # one line for one note (QA47 S14)


def _table_rows(
    rows: Sequence[pages.MemberRow],
    metrics: Sequence[pages.Metric],
    closed: bool = False,
    used: set[bool] | None = None,
    result_urls: dict[int, str] | None = None,
    ranks: GroupRanks | None = None,
) -> list[TableRow]:
    """Write the member rows; `used` collects which capped notes (by final review) they use.

    A result a veto left without any star says which veto under 未评定（一票否决）, linked
    to its result page where the viewer may open it (`result_urls`, by assessment id).
    """
    # In a closed year nothing can be assigned any more: "not reviewed", not "not assigned".
    lang, unassigned = current_lang(), _("未评审") if closed else _("未指派")
    not_rated = (not_rated_text(veto=False), not_rated_text(veto=True))
    star_cells = _star_cells()  # written once per table, not per row
    # Read once per kept table (its digest holds the stars and the reviews it depends on).
    capped, notes = _capped(rows), _capped_notes(closed)
    # Capped "before peer review" only where a review made the result final: a closed
    # year's frozen result of a member never reviewed reads "not peer-reviewed", as the
    # review planning page says (qa20 S16).
    reviewed = str(STATUS_TEXT[ReviewStatus.FINAL])
    # each KPI with its own decimals (Metric.places): a column reads alike, as every page
    places = [(m.key, m.places) for m in metrics]
    ranks = ranks or GroupRanks()
    found = []
    for row in rows:
        assessment = row.assessment
        stars = None if assessment is None else assessment.stars
        stars_cell = _stars_cell(stars, row.self_rated, row.self_vetoed, not_rated, star_cells)
        final_cell = _stars_cell(
            row.final_stars, row.final_rated, row.final_vetoed, not_rated, star_cells
        )
        if assessment is not None:
            url = (result_urls or {}).get(assessment.id)
            if row.self_vetoed and stars is not None:
                stars_cell = escape(stars_cell) + veto_reason_note(row.self_vetoes, lang, url)
            if row.final_vetoed and row.final_stars is not None:
                final_cell = escape(final_cell) + veto_reason_note(row.final_vetoes, lang, url)
        if assessment is not None and assessment.id in capped:
            final = row.review_status == reviewed
            stars_cell = escape(stars_cell) + notes[final]
            if used is not None:
                used.add(final)
        found.append(
            TableRow(
                organisation_id=row.organisation.id,
                name=marked_chinese(row.organisation.display_name(lang)),
                overall=format_score(None if assessment is None else assessment.overall_score),
                stars=stars_cell,
                final_stars=final_cell,
                review=row.review_status or unassigned,
                cells=tuple(metric_figure(row.values.get(key), p) for key, p in places),
                overall_rank=percentile_text(
                    ranks.rank(
                        OVERALL_METRIC, None if assessment is None else assessment.overall_score
                    )
                ),
                ranks=tuple(
                    percentile_text(ranks.rank(key, row.values.get(key)))
                    if key.startswith(KPI_PREFIX)
                    else None
                    for key, _p in places
                ),
            )
        )
    return found


def _cycle(
    cycles: Sequence[ReportingCycle], has: Callable[[ReportingCycle], object]
) -> tuple[ReportingCycle | None, ReportingCycle | None]:
    """Return the year asked for, else the latest for which `has` is true (a new year has none).

    Second, the newest year when the page opens on an older one by itself: the page says
    the newest has nothing to show yet and links to it, rather than show an older year unsaid.
    """
    asked = asked_cycle_id()
    cycle = queries.chosen_or_latest(cycles, asked, has)
    if cycle is None or cycle.id == asked or cycle.id == cycles[0].id:
        return cycle, None
    return cycle, cycles[0]


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int) -> str:
    found = get_or_404(Organisation, organisation_id)
    cycles = queries.cycles()
    # The latest year with the organisation's figures and statistics of one of its groups
    # to place them in: a year whose groups are all below the minimum size has no position
    # to show, so the page opens on the latest that has one and says why (qa71 M4).
    with_statistics = _cycles_with_statistics(found)
    cycle, passed_over = _cycle(
        cycles,
        lambda c: c.id in with_statistics and benchmark_queries.values_of(c.id, [found.id]),
    )
    require(can_see_position(current_user, found, cycle), "benchmarks.view")
    groups = (
        []
        if cycle is None
        else pages.position(
            found, cycle, current_lang(), partial(sees_names, current_user._get_current_object())
        )
    )
    return render_template(
        "benchmarks/organisation.html",
        organisation=found,
        cycle=cycle,
        cycles=cycles,
        passed_over=passed_over,
        passed_over_text=passed_over_text(found, passed_over, cycle)
        if passed_over and cycle
        else None,
        no_figures=no_figures_text(found, cycle) if cycle is not None and not groups else "",
        groups=groups,
        minimum=MIN_GROUP_SIZE,
        residents_link=can_see_residents(current_user, found),
        own=_is_own(found),
    )


def _cycles_with_statistics(organisation: Organisation) -> set[int]:
    """Return the cycles in which a peer group of the organisation has statistics."""
    found: set[int] = set()
    for kind, key in benchmark_queries.group_keys([organisation.id]).get(organisation.id, []):
        found |= benchmark_queries.cycles_with_group_statistics(kind, key)
    return found


def _is_own(organisation: Organisation) -> bool:
    """Whether the viewer belongs to the organisation: a lead or the secretariat does not."""
    return any(m.organisation_id == organisation.id for m in current_user.memberships)


@bp.app_template_global()
def benchmarks_computed(cycle_id: int) -> ComputedSummary:
    """When a cycle's benchmarks were last computed, for how many groups and members."""
    return computed_summary(cycle_id)


@bp.post("/cycles/<int:cycle_id>/compute")
@login_required
def compute(cycle_id: int) -> Response:
    """Compute an open year's peer-group statistics again, on the task queue."""
    cycle = get_or_404(ReportingCycle, cycle_id)
    require_action(current_user, Action.CYCLE_MANAGE)
    if not cycle.is_open:
        flash(_("该年度已关闭，对标数据已随年度冻结。"), "error")
    else:
        tasks.request_compute(cycle, current_user)
        flash(
            _("正在后台计算 %(year)d 年度的对标数据；完成后本页显示计算时间。", year=cycle.year),
            "success",
        )
    return redirect(url_for("cycles.detail", cycle_id=cycle.id))


@bp.get("/parks/<int:park_id>")
@login_required
def park(park_id: int) -> str:
    """Show the park office its resident companies as a group."""
    found = get_or_404(Organisation, park_id)
    require(can_see_residents(current_user, found), "benchmarks.park")
    cycles = queries.cycles()
    # The latest year with resident results (stars need no minimum group size; only the
    # group-statistics block does, and says so).
    with_results = benchmark_queries.cycles_with_resident_results(found.id)
    cycle, passed_over = _cycle(cycles, lambda c: c.id in with_results)

    overview = (
        None
        if cycle is None
        else park_residents_overview(found, cycle, current_lang(), current_user.is_secretariat)
    )
    not_rated = (not_rated_text(veto=False), not_rated_text(veto=True))
    star_cells = _star_cells()

    def stars_cell(stars: int | None, rated: bool, vetoed: bool = False) -> str:
        """Write a resident's stars as the side-by-side table does."""
        return _stars_cell(stars, rated, vetoed, not_rated, star_cells)

    return render_template(
        "benchmarks/park.html",
        park=found,
        cycle=cycle,
        cycles=cycles,
        passed_over=passed_over,
        passed_over_text=_(
            "%(year)d 年度区内企业还没有已提交的自评，本页显示有结果的 %(shown)d 年度。",
            year=passed_over.year,
            shown=cycle.year,
        )
        if passed_over and cycle
        else None,
        overview=overview,
        levels=pages.STAR_LEVELS,
        minimum=MIN_GROUP_SIZE,
        stars_cell=stars_cell,
        veto_notes=_resident_veto_notes([] if overview is None else overview.residents),
    )


def _resident_veto_notes(residents: list[pages.ResidentRow]) -> dict[tuple[int, str], Markup]:
    """Which veto left a resident's self or final result without any star, linked where she may.

    The secretariat may open the result; a park office may not open its residents'.
    """
    assessed = [(row.resident.assessment_id, row) for row in residents]
    results = [(i, "self", row.self_vetoes) for i, row in assessed if i is not None]
    results += [
        (i, "final", row.final_vetoes)
        for i, row in assessed
        if i is not None and row.final_stars is not None
    ]
    return veto_notes(results, current_user, current_lang())


def metric_labels(metrics: Sequence[pages.Metric]) -> list[str]:
    """Name each metric's cell on a phone's card (data-label), its unit beside a KPI's name."""
    return [
        _("%(label)s（%(unit)s）", label=m.label, unit=m.unit)
        if m.key.startswith("kpi:") and m.unit
        else m.label
        for m in metrics
    ]


@dataclass(frozen=True)
class MemberTable:
    """The side-by-side table's member rows as HTML, and which member its first row is."""

    html: Markup
    first: int | None  # None: the filter kept no member
    # What the capped notes in the rows mean, written under the table in sight.
    capped_footnotes: tuple[str, ...] = ()


# Kept per (links, language, sort, metrics, digest of the rows read): about 200 kB each
# at 200 members, so at most some 6 MB; a changed row, review or value is another digest,
# so nothing is invalidated. 32 hold one lead's every sort of a group in both directions.
_member_tables: PerKey[tuple[Hashable, ...], MemberTable] = PerKey(size=32)


def _member_table(
    data: pages.ComparisonData,
    metrics: Sequence[pages.Metric],
    sort: str,
    descending: bool,
    member_base: str,
    closed: bool = False,
    result_urls: dict[int, str] | None = None,
    ranks: GroupRanks | None = None,
    kept: CompareFilter = NO_FILTER,
    states: Mapping[int, ReviewState] | None = None,
) -> MemberTable:
    rows = kept.rows(pages.sort_rows(data.rows(), sort, descending), states or {})
    if not rows:  # the filter keeps nobody: the page says so instead of an empty table
        return MemberTable(Markup(""), None)
    used: set[bool] = set()
    html = render_template(
        "benchmarks/_member_rows.html",
        rows=_table_rows(rows, metrics, closed, used, result_urls, ranks),
        member_base=member_base,
        labels=metric_labels(metrics),
        rank_labels=[_("百分位（%(metric)s）", metric=m.label) for m in metrics],
    )
    return MemberTable(
        Markup(html),  # noqa: S704 - autoescaping Jinja
        rows[0].organisation.id,
        capped_footnotes(used, closed),
    )


# The section tables as HTML, kept as the member rows are (the same key, with their sort).
_section_blocks: PerKey[tuple[Hashable, ...], Markup] = PerKey(size=32)


def _section_block(
    compared: GroupComparison,
    metrics: Sequence[pages.Metric],
    group: WorkingGroup,
    cycle: ReportingCycle,
    kpis: list[str],
    kept: CompareFilter,
    page_sort: tuple[str, bool],
) -> Markup:
    """Render every section's table of the members kept, in the tables' own sort."""
    section_sort, section_desc = section_order(request.args)
    tables = section_tables(
        compared.sections,
        metrics,
        compared.data.rows(),
        current_lang(),
        section_sort,
        section_desc,
        kept,
        compared.states,
    )
    html = render_template(
        "benchmarks/_section_tables.html",
        section_tables=tables,
        section_sort=section_sort,
        section_desc=section_desc,
        group=group,
        cycle=cycle,
        sort=page_sort[0],
        descending=page_sort[1],
        kpis=kpis,
        kept=kept,
        computed_at=compared.data.computed_at(),
    )
    return Markup(html)  # noqa: S704 - autoescaping Jinja


@bp.get("/groups/<int:group_id>")
@login_required
def group(group_id: int) -> str:
    found = get_or_404(WorkingGroup, group_id)
    require(can_compare(current_user, found), "benchmarks.compare")
    cycles = queries.cycles()
    year = pages.group_year(cycles, asked_cycle_id(), found)
    cycle, passed_over = year.cycle, year.passed_over
    table: MemberTable | None = None
    chosen: pages.MemberRow | None = None
    medians: dict[str, Decimal] = {}
    stat_rows: dict[str, dict[str, Decimal]] = {}
    no_stats_why = ""  # the one reason the group shows no statistics (qa72 M3)
    rank_why: dict[str, str] = {}  # why a percentile column is empty, by metric
    overall_median: Decimal | None = None
    metrics: list[pages.Metric] = []
    all_kpis: list[pages.Metric] = []
    field_title = ""  # the code of practice whose KPIs are shown by default
    overall_note = ""  # what the overall self score weighs (qa72 m8)
    late_note = ""  # members submitted after the last computation (qa20 D3)
    sections = Markup("")  # where each member stands on each section
    section_sort, section_desc = section_order(request.args)
    # The section tables' sort, kept by every link and form of the main table (and the
    # section tables' links keep the main table's): sorting one never resets the other.
    section_args = {"ssort": section_sort, "sdir": "desc" if section_desc else "asc"}
    sort, descending = request.args.get("sort", "name"), request.args.get("dir") == "desc"
    # The KPIs the lead chose travel with every sort and radar link, so neither resets them.
    kpis = request.args.getlist("kpi")
    # The year list's star and review filter, carried by every link as the KPIs are.
    form = filter_form(request.args, closed=cycle is not None and cycle.is_closed)
    for label, value in form.ignored():
        flash(
            _("筛选条件“%(field)s”的值“%(value)s”无效，已忽略。", field=label, value=value),
            "warning",
        )
    kept = compare_filter(form)
    # One URL built for every member's radar link (200 rows: url_for per row is costly).
    links: dict[str, Any] = {
        "group_id": found.id,
        "cycle": cycle.id if cycle else None,
        "sort": sort,
        "dir": "desc" if descending else "asc",
        "kpi": kpis or None,
        **section_args,
        **kept.args(),
    }
    member_base = url_for("benchmarks.group", **links)
    if cycle is not None:
        compared = compare_group(found, cycle, kpis, current_lang())
        data, columns = compared.data, compared.columns
        metrics, all_kpis, field_title = columns.metrics, columns.all_kpis, columns.field_title
        overall_note = columns.overall_note
        late_note, no_stats_why = compared.late_note, compared.no_stats_why
        rank_why = compared.rank_why
        medians, stat_rows = data.medians, data.stat_rows()
        overall_median = data.overall_median()
        closed = cycle.is_closed
        if data.names:
            # The vetoed results' pages this viewer may open (few rows: one look-up each).
            urls = result_urls((i for i, _kind in data.vetoed), current_user)
            # Everything the rows are made from: the links (group, cycle, sort), the
            # language (names, review status), the metrics shown and the rows read.
            key = (
                member_base,
                str(get_locale()),
                sort,
                descending,
                tuple((m.key, m.places) for m in metrics),  # a KPI's decimals write its cells
                data.fingerprint(),
                closed,  # closing the year changes the review column's words
                tuple(sorted(urls.items())),  # the veto links the viewer may follow
                compared.ranks.ranked(),  # the metrics with statistics rank the members
                (kept.stars, kept.review),
                tuple(sorted(compared.states.items())),  # what the review filter keeps by
            )
            table = _member_tables.get(
                key,
                lambda: _member_table(
                    data,
                    metrics,
                    sort,
                    descending,
                    member_base,
                    closed,
                    urls,
                    compared.ranks,
                    kept,
                    compared.states,
                ),
            )
            if table.first is not None and compared.sections:
                # 7 sections x 200 members: rendered once per content, as the rows are
                sections = _section_blocks.get(
                    # the stored figures' moment: a computation may change them alone
                    (*key, section_sort, section_desc, bool(medians), data.computed_at()),
                    lambda: _section_block(
                        compared, metrics, found, cycle, kpis, kept, (sort, descending)
                    ),
                )
            member = request.args.get("member", type=int)
            if table.first is not None:
                chosen = (None if member is None else data.row(member)) or data.row(table.first)
    radar = None if chosen is None else _radar(chosen, medians, metrics)
    return render_template(
        "benchmarks/group.html",
        group=found,
        cycle=cycle,
        cycles=cycles,
        passed_over=passed_over,
        no_year_has_statistics=year.never,
        parks_group=pages.made_of(found) is OrganisationKind.PARK,
        late_note=late_note,
        table=table,
        medians=medians,
        stat_rows=stat_rows,
        no_stats_why=no_stats_why,
        rank_why=rank_why,
        overall_median=overall_median,
        field_title=field_title,
        overall_note=overall_note,
        metrics=metrics,
        metric_labels=metric_labels(metrics),
        all_kpis=all_kpis,
        chosen=chosen,
        radar=radar,
        minimum=MIN_GROUP_SIZE,
        sort=sort,
        descending=descending,
        kpis=kpis,
        filter_form=form,
        kept=kept,
        section_tables=sections,
        section_sort=section_sort,
        section_desc=section_desc,
        section_args=section_args,
        # The lead unticked every KPI: the defaults are shown, and the page says so.
        no_kpi_chosen=not kpis and request.args.get("kpi_form") == "1",
    )


# The radar of the member shown (a few kB each).
_radars: PerKey[bytes, tuple[str, ChartTable]] = PerKey(size=256)


def _radar(
    row: pages.MemberRow, medians: dict[str, Decimal], metrics: list[pages.Metric]
) -> tuple[str, ChartTable] | None:
    sections = [m for m in metrics if m.key.startswith(SECTION_PREFIX)]
    if not sections:
        return None
    name = row.organisation.display_name(current_lang())
    series = [RadarSeries(name, tuple(row.values.get(m.key) for m in sections))]
    if medians:
        median = tuple(medians.get(m.key) for m in sections)
        series.append(RadarSeries(_("工作组中位数"), median, dashed=True))
    # Without group statistics (fewer than five members) there is no median to draw or name.
    title = (
        _("%(name)s 各板块得分与工作组中位数", name=name)
        if medians
        else _("%(name)s 各板块得分", name=name)
    )
    chart = RadarChart(
        title=title,
        description=_("各板块得分（0–100）。"),
        axes=tuple(m.label for m in sections),
        series=tuple(series),
    )
    header = _("板块")
    # Drawn from the chart alone; keyed by its pickle, not by equality, because
    # Decimal("1.5") == Decimal("1.50") yet the two print differently.
    key = pickle.dumps((chart, header), protocol=5)
    return _radars.get(key, lambda: (radar_svg(chart, "compare"), radar_table(chart, header)))


@bp.get("/organisations/<int:organisation_id>/years")
@login_required
def years(organisation_id: int) -> str:
    found = get_or_404(Organisation, organisation_id)
    require(can_see_position(current_user, found), "benchmarks.view")
    rows = organisation_years(found)
    lang = current_lang()
    units = kpi_units(rows, lang)
    return render_template(
        "benchmarks/years.html",
        organisation=found,
        rows=rows,
        chart=year_charts.score_chart(rows, lang),
        kpi_trends=year_charts.kpi_trends(rows, lang, units),
        targets=own_targets.own_targets(rows),
        # the latest year's KPI page takes targets while it is being filled (qa14 D7)
        can_edit_targets=bool(rows)
        and can(current_user, Action.ASSESSMENT_EDIT, rows[-1].assessment),
        lang=lang,
        series_value=history.series_value,
        own=_is_own(found),
        kpi_units=units,
        stars_note=stars_note(),
        kpi_note_text=kpi_note(),
        veto_notes=_year_veto_notes(rows, lang),
    )


def _year_veto_notes(rows: list[history.YearRow], lang: str) -> dict[tuple[int, str], Markup]:
    """Which veto left a year's self or final result without any star, linked where she may.

    The link goes to that year's result page (at its star conditions).
    """
    results = [(r.assessment.id, "self", r.self_vetoes) for r in rows]
    results += [
        (r.assessment.id, "final", r.final_vetoes) for r in rows if r.final_stars is not None
    ]
    return veto_notes(results, current_user, lang)
