"""Why the KPI ladder's peer group has no statistics: the benchmark pages' reason, for results.

The result page and the scorecard word a median or top-quartile test without statistics
with the reason the benchmark pages give (peer_groups.no_statistics_text), so a company
reads one reason on both (not "not published yet" beside "too few members").
"""

from __future__ import annotations

from flask_babel import gettext

from rcapp.assessments.group_stats_hook import MissingStats
from rcapp.assessments.models import Assessment
from rcapp.benchmarks import queries
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.peer_groups import no_statistics_short, no_statistics_text
from rcapp.benchmarks.permissions import can_see_position
from rcapp.benchmarks.services import known_ladder_stats, ladder_groups
from rcapp.benchmarks.stats import MIN_GROUP_SIZE, GroupKind
from rcapp.cycles.models import ReportingCycle


def _group_counts(kind: GroupKind, key: str, cycle: ReportingCycle) -> tuple[bool, int, int | None]:
    """Whether the year is computed; the group's members with data, and its size if listed."""
    with_data = len(queries.group_member_ids(cycle.id, kind, key))
    total = queries.group_size(kind, key, cycle)
    return computed_summary(cycle.id).computed, with_data, total


def group_no_statistics_why(kind: GroupKind, key: str, cycle: ReportingCycle) -> str:
    """Say why a group has no statistics in `cycle`: not computed, or how few have data."""
    return no_statistics_text(*_group_counts(kind, key, cycle), MIN_GROUP_SIZE)


def group_no_statistics_short(kind: GroupKind, key: str, cycle: ReportingCycle) -> str:
    """Say in a few words why a group has no statistics (group_no_statistics_why's reason)."""
    computed, with_data, _total = _group_counts(kind, key, cycle)
    return no_statistics_short(computed, with_data, MIN_GROUP_SIZE)


def too_few_reported_short() -> str:
    """Say in a few words why a group with statistics has none of one KPI."""
    return str(gettext("报送该指标的同组成员不足 %(n)d 家", n=MIN_GROUP_SIZE))


def ladder_missing_stats(assessment: Assessment, viewer: object) -> MissingStats:
    """Say why a KPI the ladder compares has no statistics (hook: missing_stats_of).

    The whole group has none: the group's reason, as its benchmark page says it (the first
    group the ladder tries). The group has some: the KPI was reported by too few members
    (stats.group_statistics leaves such a metric out). Each also in a few words (`short`).
    """
    organisation = assessment.organisation
    groups = ladder_groups(organisation, assessment.cycle_id)
    if not groups:  # in no working group: no peer group to name
        return MissingStats()
    cycle = assessment.cycle
    linked = can_see_position(viewer, organisation, cycle)
    if known_ladder_stats(organisation, cycle.id).stats:
        why = gettext("报送该指标的成员不足 %(n)d 家，不显示该指标的组统计。", n=MIN_GROUP_SIZE)
        return MissingStats(str(why), linked, too_few_reported_short())
    computed, with_data, total = _group_counts(*groups[0], cycle)
    return MissingStats(
        no_statistics_text(computed, with_data, total, MIN_GROUP_SIZE),
        linked,
        no_statistics_short(computed, with_data, MIN_GROUP_SIZE),
    )
