"""Template filter naming a KPI's unit in the page's language, in its primary basis.

`{{ kpi|kpi_unit }}`: 起/百万工时 rather than the rubric's 起/工时基数, % for a share. For a page
listing KPI values that is not the KPI page (the reviewer's KPIs to check).
"""

from __future__ import annotations

from rcapp.assessments.kpi_table import primary_unit
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.rubrics.model import Kpi


@bp.app_template_filter("kpi_unit")
def kpi_unit(kpi: Kpi) -> str:
    return primary_unit(kpi, current_lang())
