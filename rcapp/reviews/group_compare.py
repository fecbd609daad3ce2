"""A working group's members side by side, as its page and its workbook read them.

The members' stored values for the metrics shown (every section, the KPIs chosen or the
defaults for the group's field), their final stars and review status, and the group's
medians. One reading for the page (`benchmark_views.group`) and the workbook
(`reports.compare_views`), so the file holds the table as shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from rcapp.assessments.queries import Rated, finals_of_record
from rcapp.assessments.review_filters import ReviewState
from rcapp.benchmarks import pages
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.missing_stats import (
    group_no_statistics_short,
    group_no_statistics_why,
    too_few_reported_short,
)
from rcapp.benchmarks.ranks import GroupRanks
from rcapp.benchmarks.section_standing import SectionStanding
from rcapp.benchmarks.stats import KPI_PREFIX, OVERALL_METRIC, SECTION_PREFIX, GroupKind
from rcapp.clock import to_beijing
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews.messages import STATE_TEXT
from rcapp.reviews.section_tables import section_standings
from rcapp.reviews.states import review_states_of
from rcapp.rubrics.model import ComponentSource, Rubric


@dataclass
class Columns:
    """The columns the table shows, chosen from the members' rubric."""

    metrics: list[pages.Metric] = field(default_factory=list)  # the columns shown
    all_kpis: list[pages.Metric] = field(default_factory=list)  # the KPIs one may choose
    field_title: str = ""  # the code of practice whose KPIs are shown by default
    overall_note: str = ""  # what the overall self score adds up, from the rubric (qa72 m8)


@dataclass(frozen=True)
class GroupComparison:
    data: pages.ComparisonData
    columns: Columns
    late_note: str = ""  # the members submitted after the last computation (late_text)
    no_stats_why: str = ""  # why the group shows no statistics ('' while it does)
    # the members' percentiles (the member page's rule), and why a percentile column is
    # empty, by metric (the overall self score's under OVERALL_METRIC)
    ranks: GroupRanks = field(default_factory=GroupRanks)
    rank_why: dict[str, str] = field(default_factory=dict)
    # the members' review states by assessment id, which the filter keeps by (compare_filter)
    states: dict[int, ReviewState] = field(default_factory=dict)
    # where each member stands on each section score (section_tables.section_standings)
    sections: tuple[SectionStanding, ...] = ()
    # the members' final results of record by assessment id (finals_of_record): the
    # workbook's final score, and whether an upheld appeal has the review open again
    finals: dict[int, Rated] = field(default_factory=dict)


def late_text(data: pages.ComparisonData, cycle: ReportingCycle, lang: str) -> str:
    """Say which listed members submitted after the benchmarks were computed ('' if none).

    qa20 D3: such a member was left out of the table without a word; it is listed now, with
    its section scores, and this line says why its KPIs are empty and who can fill them.
    """
    if not data.late:
        return ""
    names = str(_("、")).join(m.name.display_name(lang) for m in data.late)
    at = computed_summary(cycle.id).at
    when = "" if at is None else to_beijing(at).strftime("%Y-%m-%d %H:%M")
    if when:
        text = ngettext(
            "%(num)d 家成员在对标数据计算（%(time)s）之后提交：%(names)s。"
            "表中列出其提交时的自评得分和板块得分，绩效指标暂缺；对标数据重新计算后补齐。",
            "%(num)d 家成员在对标数据计算（%(time)s）之后提交：%(names)s。"
            "表中列出其提交时的自评得分和板块得分，绩效指标暂缺；对标数据重新计算后补齐。",
            len(data.late),
            time=when,
            names=names,
        )
    else:
        text = ngettext(
            "%(num)d 家成员的对标数据尚未计算：%(names)s。"
            "表中列出其提交时的自评得分和板块得分，绩效指标暂缺；秘书处计算对标数据后补齐。",
            "%(num)d 家成员的对标数据尚未计算：%(names)s。"
            "表中列出其提交时的自评得分和板块得分，绩效指标暂缺；秘书处计算对标数据后补齐。",
            len(data.late),
            names=names,
        )
    return str(text)


def review_marks(
    assessment_ids: Sequence[int],
    states: dict[int, ReviewState] | None = None,
    finals: dict[int, Rated] | None = None,
) -> dict[int, tuple[int | None, str]]:
    """Map the members' assessment ids to (final stars, review state in words).

    The final stars are those of record (assessments.queries.finals_of_record, as the year
    list shows them): a finished review's, the earlier final one an upheld appeal reopened,
    or a closed year's frozen result; the state is empty for an assessment with no review,
    and worded by the year list's rule (states.review_states_of): 重新评审中 for a review
    reopened by an upheld appeal, as the result page says; in a closed year a review not
    final can never finish (评审未完成（年度关闭时冻结）), not 评审中. `states` is filled with
    the states read, for the filter; `finals` with the final results read, for the workbook.
    """
    states = {} if states is None else states
    states.update(review_states_of(assessment_ids))
    finals = {} if finals is None else finals
    finals.update(finals_of_record(assessment_ids))
    return {
        assessment_id: (
            None if final is None else final.stars,
            "" if state is None else str(STATE_TEXT[state]),
        )
        for assessment_id in sorted(set(states) | set(finals))
        for state, final in [(states.get(assessment_id), finals.get(assessment_id))]
    }


def compare_group(
    group: WorkingGroup, cycle: ReportingCycle, kpis: Sequence[str], lang: str
) -> GroupComparison:
    """Read the group's side-by-side table for the year: `kpis` chosen, else the defaults."""
    columns = Columns()

    def shown(rubric: Rubric) -> list[pages.Metric]:
        every = pages.metrics_of(rubric, lang)
        columns.all_kpis = [m for m in every if not m.key.startswith(SECTION_PREFIX)]
        asked = kpis or pages.default_kpis(rubric, group.section_id)
        columns.metrics = pages.chosen_metrics(every, asked)
        section = next((s for s in rubric.sections if s.id == group.section_id), None)
        if section is not None and pages.field_kpis(rubric, group.section_id):
            columns.field_title = section.title.get(lang)
        columns.overall_note = overall_note(rubric, lang)
        return columns.metrics

    states: dict[int, ReviewState] = {}
    finals: dict[int, Rated] = {}
    data = pages.comparison(group, cycle, lambda ids: review_marks(ids, states, finals), shown)
    why = "" if data.medians else no_statistics_why(group, cycle)
    ranks = data.ranks(columns.metrics)
    return GroupComparison(
        data,
        columns,
        late_text(data, cycle, lang),
        why,
        ranks,
        unranked_why(group, cycle, bool(data.medians), ranks, columns.metrics),
        states,
        section_standings(data, columns.metrics),
        finals,
    )


def unranked_why(
    group: WorkingGroup,
    cycle: ReportingCycle,
    has_statistics: bool,
    ranks: GroupRanks,
    metrics: Sequence[pages.Metric],
) -> dict[str, str]:
    """Say why each percentile column without statistics is empty, in a few words.

    The group has none: its reason (missing_stats, as the member page gives it); it has
    some: too few members reported that KPI.
    """
    ranked = [OVERALL_METRIC, *(m.key for m in metrics if m.key.startswith(KPI_PREFIX))]
    empty = [key for key in ranked if key not in ranks.peers]
    if not empty:
        return {}
    if has_statistics:
        why = too_few_reported_short()
    else:
        why = group_no_statistics_short(GroupKind.WORKING_GROUP, str(group.id), cycle)
    return dict.fromkeys(empty, why)


def no_statistics_why(group: WorkingGroup, cycle: ReportingCycle) -> str:
    """Say why the group has no statistics in `cycle`: not computed, or how few have data."""
    return group_no_statistics_why(GroupKind.WORKING_GROUP, str(group.id), cycle)


def overall_note(rubric: Rubric, lang: str) -> str:
    """Say what the overall self score weighs, from the rubric's components (qa72 m8).

    Its KPI performance part has no column of its own: an overall score below every
    section score read as a bug ("83.4 while the sections are 91.7-97.3").
    """
    components = rubric.rating.components
    if not any(c.source is ComponentSource.KPI_PERFORMANCE for c in components):
        return ""
    parts = str(_("、")).join(
        f"{c.label.get(lang)} {format(c.weight * 100, 'f').rstrip('0').rstrip('.')}%"
        for c in components
    )
    return str(
        _(
            "自评得分按评价细则加权：%(parts)s。绩效指标部分按核心指标的水平和趋势计分，"
            "表中没有单列，所以自评得分可能低于各板块得分。",
            parts=parts,
        )
    )
