"""One KPI value, one way of writing it: on every page, in every PDF and workbook (qa71).

A KPI's decimals come from its definition, never from the figures printed beside it: a count
(a total of whole-number inputs: deaths, events, drills) is whole; another total (t, m³,
tce) has one decimal; a rate, intensity, share or index two. The value is first rounded by
the one KPI rule (scoring.rounding.kpi_figure), so a rate below 0.1 keeps its two
significant figures (0.012); trailing zeros are then written up to the KPI's decimals (2.5
→ 2.50, 0 → 0.00 for a rate, 0 for a count). The result page, the years page, the
scorecard PDF and the workbooks (their number_format: figures.excel_number_format) all
write a KPI value through here, so one value reads alike on each.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from rcapp.figures import NONE_TEXT, excel_number_format, figure_text, shared_places
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.kpis import formula_names
from rcapp.scoring.rounding import kpi_figure

COUNT_PLACES = 0  # a total of whole-number inputs: 3 deaths, not 3.0
TOTAL_PLACES = 1  # a total of measured quantities (t, m³): 595,250.0 t, not 595,250.00
RATE_PLACES = 2  # a rate, intensity, share or index (scoring.rounding rule 4)


def kpi_places(rubric: Rubric, kpi: Kpi) -> int:
    """Return the decimals `kpi` is written with, whatever the year and the page."""
    if not kpi.absolute:
        return RATE_PLACES
    whole = {entry.id for entry in rubric.kpi_inputs if entry.integer}
    return COUNT_PLACES if formula_names(kpi) <= whole else TOTAL_PLACES


def figures_places(places: int, values: Iterable[Decimal | None]) -> int:
    """Return the decimals one KPI's figures printed together take (a table row, a column).

    `places` is the KPI's own (`kpi_places`). A total is rounded to its places and loses the
    decimals none of its figures needs: 595,250 t, not 595,250.0 (whole figures as whole, as
    the per-organisation sheet writes them); one of 1,234.5 t keeps the row at one decimal. A
    rate keeps its decimals, and more where a figure below 0.1 keeps two significant figures
    (scoring.rounding rule 4). The annual report and its workbook print every KPI with this.
    """
    if places < RATE_PLACES:
        step = Decimal(1).scaleb(-places)
        rounded = (v.quantize(step, ROUND_HALF_UP) for v in values if v is not None)
        return min(places, shared_places(rounded))
    return max(places, shared_places(kpi_number(v) for v in values))


def at_places(value: Decimal | None, places: int) -> Decimal | None:
    """Round a KPI figure to the decimals its row prints (`figures_places`).

    A workbook cell then holds the figure the report prints, and its number format shows it.
    """
    return None if value is None else value.quantize(_step(places), ROUND_HALF_UP)


@lru_cache(maxsize=32)
def _step(places: int) -> Decimal:
    """Return the quantum of `places` decimals (2 → 0.01), made once: a workbook rounds 60,000."""
    return Decimal(1).scaleb(-places)


def kpi_number(value: Decimal | None) -> Decimal | None:
    """Return a KPI value as it is shown: rounded by the KPI rule (a workbook's cell)."""
    return None if value is None else kpi_figure(value)


def kpi_text(value: Decimal | None, places: int, *, signed: bool = False) -> str:
    """Write a KPI value with the KPI's decimals (`kpi_places`): 2.5 → 2.50, None → —.

    `signed` writes a change of the KPI with the same decimals: -0.2 → -0.20, as the
    figures beside it (0.20, 0.40) read.
    """
    number = kpi_number(value)
    if number is None:
        return NONE_TEXT
    return figure_text(number if number else abs(number), places=places, signed=signed)


def kpi_number_format(value: Decimal, places: int) -> str:
    """Return the Excel number format that shows `value` as `kpi_text` writes it."""
    return excel_number_format(kpi_figure(value), places)
