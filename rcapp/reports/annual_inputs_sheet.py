"""The annual workbook's sheet of raw KPI inputs, beside its sheet of computed KPIs.

A secretariat member who doubts a rate finds the hours, output value or cases it was
computed from: the KPI sheet's rows (submitted results, in its order, with its identifying
columns), one column per rubric input named by its code, label and unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from flask_babel import gettext

from rcapp.figures import shared_places
from rcapp.reports.annual_model import AnnualData, InputColumn, OrgResult
from rcapp.reports.excel import CellValue, Figure, RubricText, Sheet

INPUT_WIDTH = 16  # as a KPI's column: "OHS-03-2 员工工时 (小时)" wraps, a figure fits
NOTES_WIDTH = 48


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def raw_inputs_sheet(
    data: AnnualData,
    head: Sequence[str],
    org_cells: Callable[[OrgResult], Sequence[CellValue]],
    notes: Sequence[str],
) -> Sheet:
    """Lay the submitted results' raw inputs out, one row each, as stored (not rounded).

    `head` and `org_cells` are the KPI sheet's identifying columns, `notes` the lines above
    the header. A column's number format shows the decimals its figures need in full (one
    precision per column); an input not reported is an empty cell. The organisations'
    notes on their inputs, where there are any, follow in one wrapped column.
    """
    submitted = [org for org in data.organisations if org.submitted]
    blank = (None,) * len(data.inputs)
    found = [org.inputs or blank for org in submitted]
    places = [shared_places(column) for column in zip(*found, strict=True)]
    noted = any(any(org.input_notes) for org in submitted)
    header: tuple[str | RubricText, ...] = (
        *head,
        *(RubricText(f"{c.code} {c.label} ({c.unit})") for c in data.inputs),
        *((_("组织填写的备注"),) if noted else ()),
    )

    def rows() -> Iterator[Sequence[CellValue]]:
        for org, values in zip(submitted, found, strict=True):
            figures = (Figure(v, n, stored=True) for v, n in zip(values, places, strict=False))
            text = (_notes_text(data.inputs, org.input_notes),) if noted else ()
            yield (*org_cells(org), *figures, *text)

    widths = (
        32,
        22,
        10,
        10,
        *(INPUT_WIDTH,) * len(data.inputs),
        *((NOTES_WIDTH,) if noted else ()),
    )
    counted = [c.code for c in data.inputs if c.computed]
    if counted:
        notes = (*notes, _counted_note(counted))
    return Sheet(
        _("KPI 原始数据"),
        header,
        rows(),
        widths=widths,
        notes=notes,
        wrapped=frozenset({len(header) - 1}) if noted else frozenset(),
        frozen_columns=1,  # the organisation's name stays beside its inputs, as on the KPI sheet
    )


def _notes_text(columns: Sequence[InputColumn], notes: Sequence[str | None]) -> str | None:
    """Return an organisation's notes on its inputs, each after its input's code and label."""
    found = [
        _("%(input)s：%(note)s", input=f"{c.code} {c.label}", note=note)
        for c, note in zip(columns, notes, strict=False)
        if note
    ]
    return _("；").join(found) or None


def _counted_note(codes: Sequence[str]) -> str:
    return _(
        "%(inputs)s：本系统有统计时为本系统的统计值（入园企业在本系统的评价结果），"
        "否则为填写的数值，与“关键绩效指标”表的计算相同。",
        inputs=_("、").join(codes),
    )
