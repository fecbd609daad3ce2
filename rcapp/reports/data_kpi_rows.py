"""A KPI input as a row of the offline template (KpiRow): this year's, or an earlier year's."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext

from rcapp.assessments.kpi_table import input_unit
from rcapp.assessments.models import KpiBackfill, KpiValue
from rcapp.figures import figure_text
from rcapp.reports.template_model import KpiRow
from rcapp.rubrics.model import KpiInput


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def system_note(kpi_input: KpiInput, counted: bool) -> str:
    """Return what a template row says of an input rcapp computes, as the KPI page says it."""
    if kpi_input.computed is None:
        return ""
    if counted:
        return _("按本系统评价结果统计；填写的数值不计入。")
    return _("入园企业在本系统中评价后，按本系统评价结果统计，填写的数值不再计入。")


def kpi_row(
    kpi_input: KpiInput,
    stored: KpiValue | KpiBackfill | None,
    lang: str,
    code: str,
    computed: Decimal | None = None,
) -> KpiRow:
    value: Decimal | None = stored.value if stored else None
    note = (stored.note or "") if stored else ""
    high = "" if kpi_input.max is None else figure_text(kpi_input.max)
    integer = _("（整数）") if kpi_input.integer else ""
    return KpiRow(
        input_id=kpi_input.id,
        code=code,
        label=kpi_input.label.get(lang),
        unit=input_unit(kpi_input, lang),
        range_text=f"{figure_text(kpi_input.min)}–{high}{integer}",
        minimum=kpi_input.min,
        maximum=kpi_input.max,
        integer=kpi_input.integer,
        value=value,
        note=note,
        system_note=system_note(kpi_input, computed is not None),
        system_value=computed if kpi_input.computed is not None else None,
    )
