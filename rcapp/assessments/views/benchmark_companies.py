"""The year's benchmark companies page (标杆企业名单): the five-star list and its candidates.

The secretariat sees it any time, with the candidates she may verify or publish a case of;
once the year is closed its results are published, and every member of the programme may
read the list (as the annual report: ANNUAL_REPORT_READ), without the candidates.
"""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from rcapp.assessments.benchmark_list import benchmark_list
from rcapp.assessments.queries import registry
from rcapp.assessments.views.round import bp
from rcapp.cycles.models import ReportingCycle
from rcapp.figures import figure_text
from rcapp.permissions import Action, can
from rcapp.rubrics import model as rm
from rcapp.web import get_or_404, login_required, user_object


@bp.get("/<int:cycle_id>/benchmark-companies")
@login_required
def benchmark_companies(cycle_id: int) -> str:
    cycle = get_or_404(ReportingCycle, cycle_id)
    user = user_object()
    secretariat = can(user, Action.CYCLE_MANAGE)
    if not secretariat and not (cycle.is_closed and can(user, Action.ANNUAL_REPORT_READ)):
        abort(403)
    return render_template(
        "cycles/benchmark_companies.html",
        cycle=cycle,
        found=benchmark_list(cycle, with_candidates=secretariat),
        secretariat=secretariat,
        top=top_band(cycle),
    )


def top_band(cycle: ReportingCycle) -> tuple[int, list[str]]:
    """Return the company rubric's top band: its stars and its conditions in words."""
    rubric = registry().get(cycle.company_rubric_id, cycle.company_rubric_version).rubric
    band = max(rubric.rating.bands, key=lambda b: b.stars)
    words = [str(_("总分不低于 %(n)s 分", n=figure_text(band.min_overall)))]
    if band.min_section is not None:
        words.append(str(_("每项准则得分不低于 %(n)s 分", n=figure_text(band.min_section))))
    for condition in band.conditions:
        match condition:
            case rm.KpisTopQuartile(count=count):
                words.append(str(_("至少 %(n)d 项核心 KPI 位于同组前四分之一", n=count)))
            case rm.Verified():
                words.append(str(_("经秘书处或第三方核实")))
            case rm.GoodPracticeCase():
                words.append(str(_("有已发布的良好实践案例")))
    words.append(str(_("并满足以下各星级的全部条件")))
    return band.stars, words
