"""How a workbook heads a KPI's column or row: its name and its unit, the unit written once."""

from __future__ import annotations

from flask_babel import gettext


def kpi_header(name: str, unit: str | None) -> str:
    """Write a KPI's header with its unit once, after a comma, not in a second bracket.

    Names such as "…(LTIF)" or "…（合并计算）" end in a bracket of their own; a bracketed unit
    after them read "(LTIF) (cases per million hours worked)" (vcnames 2). The years and the
    comparison workbooks both head their KPIs here.
    """
    if not unit:
        return name
    return str(gettext("%(name)s，单位：%(unit)s", name=name, unit=unit))
