"""The top star band (五星 标杆) of a year's company rubric, its conditions in words.

The benchmark companies page says how they are chosen, and the secretariat's recording page
what the verification and case complete; both read the rubric, never figures typed here.
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.assessments.queries import registry
from rcapp.cycles.models import ReportingCycle
from rcapp.figures import figure_text
from rcapp.rubrics import model as rm


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
    words.append(str(_("并满足较低各星级的全部条件")))
    return band.stars, words
