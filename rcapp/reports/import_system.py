"""An imported row of an input rcapp computes: its value is never imported, as on the KPI page.

A park's three-star residents (PK-RC-02-1) are counted by rcapp once residents are rated in
rcapp; the KPI page then shows that count and keeps the typed figure as it is (it has no
field for it). The import does the same: the row's note is imported, its value is not, and
a value in the file other than rcapp's count or the kept figure is named in the preview.
"""

from __future__ import annotations

from decimal import Decimal

from rcapp.assessments.messages import number_text
from rcapp.assessments.validation import KpiEntry, check_kpi_input
from rcapp.rubrics.model import KpiInput


def system_entry(
    spec: KpiInput, typed: KpiEntry, kept: Decimal | None, counted: Decimal
) -> tuple[KpiEntry, bool]:
    """Return the entry to plan (the kept value, the file's note) and whether to say so.

    Said when the file holds a valid number that is neither rcapp's count (as exported)
    nor the kept figure: someone typed it believing it counts. An empty cell says nothing.
    """
    entry = KpiEntry(value="" if kept is None else number_text(kept), note=typed.note)
    checked, found, _doubts = check_kpi_input(spec, KpiEntry(value=typed.value), None)
    number = checked.get("value")
    ignored = not found and number is not None and number not in (counted, kept)
    return entry, ignored
