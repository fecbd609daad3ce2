"""Template helpers for KPI figures: a KPI's unit, the figure a refused page shows.

`{{ kpi|kpi_unit }}`: 起/百万工时 rather than the rubric's 起/工时基数, % for a share. For a page
listing KPI values that is not the KPI page (the reviewer's KPIs to check).
`{{ kpi_input|input_unit }}`: an input's unit written one way ("CNY 10k", not "¥10k").
`shown_figure(field, stored, refused)`: the number a KPI field's change is worked out from.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from flask import request

from rcapp.assessments.kpi_table import input_unit, primary_unit
from rcapp.assessments.validation import parse_decimal
from rcapp.assessments.views.blueprint import bp
from rcapp.i18n import current_lang
from rcapp.rubrics.model import Kpi, KpiInput


@bp.app_template_filter("kpi_unit")
def kpi_unit(kpi: Kpi) -> str:
    return primary_unit(kpi, current_lang())


@bp.app_template_filter("input_unit")
def input_unit_filter(kpi_input: KpiInput) -> str:
    return input_unit(kpi_input, current_lang())


@bp.app_template_global("shown_figure")
def shown_figure(
    typed: str | None, stored: Decimal | None, refused: Collection[str] = ()
) -> Decimal | None:
    """Return the figure a KPI field's change is worked out from on a page shown again.

    A save refused as a whole (a lock) shows the user's input in the field, so its change
    against last year is the input's (qa41 S3); an unreadable input has none. An input
    refused itself (`refused`: its field errors: out of bounds, not a number, a colleague's
    change) was not saved: its change is the stored value's, and the page says so (the
    script does the same until the input is edited). A page opened (GET) shows what is stored.
    """
    if request.method != "POST" or request.endpoint != "assessments.kpis" or typed is None:
        return stored
    if refused:
        return stored
    try:
        return parse_decimal(typed)
    except (ValueError, ArithmeticError):
        return None
