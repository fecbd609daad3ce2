"""The side-by-side page's section tables: where each member stands on each section score.

The standings are worked out once (group_compare, by benchmarks.section_standing) and read
here for the page and the workbook alike: the same sort, the same filter, the same words for
a position. The group's figures are those of the last computation, as the P25, median and
P75 rows under the main table: a member who submitted after it is listed with its score, not
counted (qa: the tables counted it and the rows did not; docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from rcapp.assessments.review_filters import ReviewState
from rcapp.benchmarks import pages
from rcapp.benchmarks.models import PeerGroupStat
from rcapp.benchmarks.section_standing import (
    MemberStanding,
    Position,
    SectionStanding,
    standing_against,
)
from rcapp.benchmarks.shown import metric_figure
from rcapp.benchmarks.stats import MIN_GROUP_SIZE, SECTION_PREFIX, MetricStats
from rcapp.reviews.compare_filter import CompareFilter

POSITION_TEXT = {
    Position.ABOVE_P75: _l("高于 P75"),
    Position.UPPER_MIDDLE: _l("中位数至 P75"),
    Position.LOWER_MIDDLE: _l("P25 至中位数"),
    Position.BELOW_P25: _l("低于 P25"),
}
SORTS = ("score", "name")  # the section tables' own sort (query string ssort, sdir)


def section_order(args: Mapping[str, str]) -> tuple[str, bool]:
    """Read the section tables' sort from the query string: best score first unless asked.

    A sort not offered falls back to the score, as the page's own sort keys do.
    """
    sort = args.get("ssort", "score")
    return (sort if sort in SORTS else "score"), args.get("sdir", "desc") != "asc"


def section_standings(
    data: pages.ComparisonData, metrics: Sequence[pages.Metric]
) -> tuple[SectionStanding, ...]:
    """Place every member on each section against the group's stored figures (N/A: no value).

    The figures are the last computation's (data.stats, the rows under the main table), over
    the members it stored values of; those who submitted later (data.late) are listed, not
    counted. None where the group has no statistics (no medians): the rule of the overall
    self score; the page says why above its table, and neither it nor the workbook lists
    sections.
    """
    if not data.medians:
        return ()
    values = data.values.by_organisation()
    late = {m.name.id for m in data.late}
    counted = [n.id for n in data.names if n.id not in late]

    def scores(key: str, ids: Sequence[int]) -> dict[int, Decimal | None]:
        return {i: values.get(i, {}).get(key) for i in ids}

    return tuple(
        standing_against(
            m.key,
            scores(m.key, counted),
            stored_figures(data.stats.get(m.key)),
            scores(m.key, sorted(late)),
        )
        for m in metrics
        if m.key.startswith(SECTION_PREFIX)
    )


def stored_figures(stored: PeerGroupStat | None) -> MetricStats | None:
    """Read a section's stored statistics as figures (None: too few members had it)."""
    if stored is None:
        return None
    return MetricStats(
        stored.metric,
        stored.members,
        stored.first_quartile,
        stored.median,
        stored.third_quartile,
    )


@dataclass(frozen=True)
class StandingRow:
    """One member's line in a section's table, with the member's row for its name."""

    row: pages.MemberRow
    standing: MemberStanding

    @property
    def position_text(self) -> str:
        if not self.standing.counted:
            return str(_("统计计算后提交，未计入统计"))
        if self.standing.not_applicable:
            return str(_("不适用，未计入统计"))
        found = self.standing.position
        return "—" if found is None else str(POSITION_TEXT[found])


@dataclass(frozen=True)
class SectionTable:
    """One section's table: its label, the group's figures and the members kept, sorted."""

    metric: pages.Metric
    standing: SectionStanding
    rows: tuple[StandingRow, ...]
    summary: str  # the figures in words, or why there are none
    na_note: str  # who has the section N/A ('' when nobody)
    later_note: str = ""  # who submitted after the computation, not counted ('' when nobody)


def section_tables(
    standings: Sequence[SectionStanding],
    metrics: Sequence[pages.Metric],
    rows: Sequence[pages.MemberRow],
    lang: str,
    sort: str = "score",
    descending: bool = True,
    kept: CompareFilter | None = None,
    states: Mapping[int, ReviewState] | None = None,
) -> list[SectionTable]:
    """Build each section's table of `rows`, kept by the page's filter and sorted.

    By score (N/A last in both directions, equal scores by name) or by name.
    """
    by_key = {m.key: m for m in metrics}
    by_name = pages.sort_rows(rows, "name", False)
    if kept is not None:
        by_name = kept.rows(by_name, states or {})
    names = {r.organisation.id: r.organisation.display_name(lang) for r in rows}
    found = []
    for standing in standings:
        later = standing.later
        lines = [
            StandingRow(row, one)
            for row in by_name
            if (one := standing.of(row.organisation.id)) is not None
        ]
        found.append(
            SectionTable(
                by_key[standing.metric],
                standing,
                tuple(_sorted(lines, sort, descending)),
                summary_text(standing),
                na_text(
                    [names[i] for i in standing.not_applicable if i in names and i not in later]
                ),
                later_text([names[i] for i in later if i in names]),
            )
        )
    return found


def later_text(names: Sequence[str]) -> str:
    """Name the members listed but not counted: submitted after the computation ('' for none)."""
    if not names:
        return ""
    listed = str(_("、")).join(names)
    return str(
        ngettext(
            "%(num)d 家成员在统计计算之后提交，列出其板块得分，未计入统计：%(names)s。",
            "%(num)d 家成员在统计计算之后提交，列出其板块得分，未计入统计：%(names)s。",
            len(names),
            names=listed,
        )
    )


def _sorted(lines: list[StandingRow], sort: str, descending: bool) -> list[StandingRow]:
    if sort == "name":
        return lines[::-1] if descending else lines
    scored = [line for line in lines if line.standing.score is not None]
    scored.sort(key=lambda line: line.standing.score or Decimal(0), reverse=descending)
    return scored + [line for line in lines if line.standing.score is None]


def summary_text(standing: SectionStanding) -> str:
    """Say the section's figures in one line, or why it has none."""
    stats = standing.stats
    if stats is None:
        return str(
            _(
                "有该板块得分的成员不足 %(n)d 家：不显示四分位数和位置。",
                n=MIN_GROUP_SIZE,
            )
        )
    return str(
        ngettext(
            "按 %(num)d 家成员的得分：P25 %(p25)s，中位数 %(median)s，P75 %(p75)s。",
            "按 %(num)d 家成员的得分：P25 %(p25)s，中位数 %(median)s，P75 %(p75)s。",
            stats.members,
            p25=score_text(stats.first_quartile),
            median=score_text(stats.median),
            p75=score_text(stats.third_quartile),
        )
    )


def na_text(names: Sequence[str]) -> str:
    """Name the members the section is N/A for ('' for none): left out of its figures."""
    if not names:
        return ""
    listed = str(_("、")).join(names)  # apart: a call inside ngettext hides its plural
    return str(
        ngettext(
            "%(num)d 家成员该板块不适用，未计入统计：%(names)s。",
            "%(num)d 家成员该板块不适用，未计入统计：%(names)s。",
            len(names),
            names=listed,
        )
    )


def score_text(value: Decimal | None) -> str:
    return metric_figure(value, None)
