"""A working group's lead asks for the year's benchmarks to be computed again (side by side).

The side-by-side page's statistics and KPI values are those of the last computation. The
page says when that was and how many members changed since (benchmarks.changed_since), and
while the year is open the group's lead or deputy (or the secretariat, as on the year's
page) may queue the computation from there: the whole year's, as the secretariat's button,
logged under the asker's name. Never a closed or closing year (its figures are frozen with
it), and never twice: a computation already waiting in the queue takes the request along.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.benchmarks import pages, tasks
from rcapp.benchmarks.changed_since import changed_members
from rcapp.benchmarks.computed import computed_summary
from rcapp.benchmarks.permissions import can_compare, require
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import WorkingGroup
from rcapp.queue import STALLED_AFTER
from rcapp.reviews.benchmark_views import bp
from rcapp.web import get_or_404, login_required


@dataclass(frozen=True)
class StatisticsState:
    """What the side-by-side page says of its figures' age, and whether it offers to refresh."""

    computed_at: dt.datetime | None  # the last computation of the year (None: never)
    changed: int  # the group's members whose submitted self-assessment changed since
    queued_at: dt.datetime | None  # a computation of the year waiting in the queue since
    open_year: bool  # the year is open: figures not frozen, a computation may be asked for
    stalled: bool = False  # queued longer than a running worker takes to start it

    @property
    def offered(self) -> bool:
        """Offer the button: an open year, members changed, no computation waiting."""
        return self.open_year and self.changed > 0 and self.queued_at is None


@bp.app_template_global("group_statistics_state")
def statistics_state(group: WorkingGroup, cycle: ReportingCycle) -> StatisticsState:
    """Read the year's last computation, the group's changes since and a waiting computation."""
    at = computed_summary(cycle.id).at
    queued = tasks.compute_queued_at(cycle.id) if cycle.is_open else None
    stalled = queued is not None and dt.datetime.now(dt.UTC) - queued >= STALLED_AFTER
    return StatisticsState(
        computed_at=at,
        changed=changed_members(cycle.id, group.id, pages.made_of(group), at),
        queued_at=queued,
        open_year=cycle.is_open,
        stalled=stalled,
    )


@bp.post("/groups/<int:group_id>/compute")
@login_required
def compute_group(group_id: int) -> Response:
    """Queue the year's benchmarks again from the group's side-by-side page."""
    group = get_or_404(WorkingGroup, group_id)
    require(can_compare(current_user, group), "benchmarks.compare")
    cycle = get_or_404(ReportingCycle, request.form.get("cycle", type=int) or 0)
    back = redirect(url_for("benchmarks.group", group_id=group.id, cycle=cycle.id))
    if not cycle.is_open:
        flash(_("该年度已关闭，对标数据已随年度冻结，不能重新计算。"), "error")
        return back
    state = statistics_state(group, cycle)
    if state.queued_at is None and not state.changed:
        flash(_("上次计算之后本组没有成员的自评发生变化，对标数据已是最新，无需重新计算。"), "info")
    # queued here unless one waits already (seen on the page, or queued meanwhile)
    elif state.queued_at is None and tasks.request_compute(cycle, current_user):
        flash(
            _(
                "已请求重新计算 %(year)d 年度的对标数据，正在后台计算；"
                "完成后本页显示新的计算时间。",
                year=cycle.year,
            ),
            "success",
        )
    else:
        flash(_("对标数据的重新计算已在排队，无需再次请求；完成后本页显示新的计算时间。"), "info")
    return back
