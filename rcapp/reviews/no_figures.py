"""Why an organisation's benchmark page has no figures for a year: the one reason that is true.

A year whose benchmarks were never computed says so in the words every other page uses for
a group without statistics (peer_groups.no_statistics_text), then what only this page
knows: the organisation has submitted, and when the computation comes at the latest.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import find_assessment
from rcapp.benchmarks import queries as benchmark_queries
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.peer_groups import no_statistics_text
from rcapp.benchmarks.stats import MIN_GROUP_SIZE
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation


def no_figures_text(organisation: Organisation, cycle: ReportingCycle) -> str:
    """Say, in sentences, why the organisation's page has no benchmark figures for `cycle`."""
    not_computed = year_not_computed(organisation, cycle)
    if not_computed:
        return not_computed
    return str(_("本年度没有对标数据：%(why)s。", why=no_figures_why(organisation, cycle)))


def passed_over_text(
    organisation: Organisation, passed_over: ReportingCycle, shown: ReportingCycle
) -> str:
    """Say that the page opens on `shown` because the newest year has no figures, and why."""
    not_computed = year_not_computed(organisation, passed_over)
    if not_computed:
        return str(
            _(
                "%(year)d 年度：%(why)s本页显示有对标数据的 %(shown)d 年度。",
                year=passed_over.year,
                why=not_computed,
                shown=shown.year,
            )
        )
    return str(
        _(
            "%(year)d 年度本单位还没有对标数据（%(why)s），本页显示有对标数据的 %(shown)d 年度。",
            year=passed_over.year,
            why=no_figures_why(organisation, passed_over),
            shown=shown.year,
        )
    )


def _submitted(organisation: Organisation, cycle: ReportingCycle) -> bool:
    own = find_assessment(organisation.id, cycle.id)
    return own is not None and own.status is AssessmentStatus.SUBMITTED


def year_not_computed(organisation: Organisation, cycle: ReportingCycle) -> str:
    """Say so when the year's benchmarks were never computed and the organisation submitted.

    "" otherwise (not submitted is the reason that comes first).
    """
    if not _submitted(organisation, cycle) or computed_summary(cycle.id).computed:
        return ""
    why = no_statistics_text(False, 0, None, MIN_GROUP_SIZE)
    if not cycle.is_open:  # a closed year is computed at its close: nothing more to expect
        return why
    return str(_("%(why)s本单位的自评已提交，对标数据最迟在年度关闭时计算。", why=why))


def no_figures_why(organisation: Organisation, cycle: ReportingCycle) -> str:
    """Say why a year has no benchmark figures of the organisation, as a clause.

    Not "not submitted, or not computed yet" to a park that has submitted (qa64 m2).
    """
    if not _submitted(organisation, cycle):
        return str(_("本单位尚未提交该年度的自评"))
    if benchmark_queries.values_of(cycle.id, [organisation.id]):
        # computed, but no group of the organisation reached the minimum size that year
        return str(
            _(
                "已计算，但本单位所在的各对标组有对标数据的成员均不足 %(n)d 家，不显示统计数据",
                n=MIN_GROUP_SIZE,
            )
        )
    # submitted after the year's last computation (never computed: year_not_computed says it)
    return str(
        _(
            "自评在本年度上次计算对标数据之后提交，尚未计入：秘书处重新计算后显示，最迟在年度关闭时计算"
        )
    )
