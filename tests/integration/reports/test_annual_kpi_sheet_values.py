"""The annual workbook's per-organisation KPI sheet keeps each stored figure in full: the
cell's number format shows the column's places (a rounding in the cell lost what was
reported, and a sum of the column no longer matched the figures)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from click.testing import Result

from rcapp.demo import world
from rcapp.figures import excel_number_format
from rcapp.reports import documents
from rcapp.reports.data_annual import build_annual_data
from rcapp.reports.excel import Figure, write_cell
from rcapp.scoring.kpi_text import figures_places
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture


def test_the_kpi_sheet_keeps_the_stored_figure_and_formats_the_kpis_places(
    demo: Result,  # noqa: F811 - the imported fixture
) -> None:
    assert demo.exit_code == 0, demo.output
    cycle = _cycle(world.CURRENT_YEAR)
    data = build_annual_data(cycle, "zh")
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(cycle, "zh")))
    sheet = book["关键绩效指标"]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    header = next(row for row in sheet.iter_rows() if sum(c.value is not None for c in row) > 4)
    column_of = {str(c.value).split(" ", 1)[0]: c.column - 1 for c in header if c.value}
    submitted = [org for org in data.organisations if org.submitted]
    for at, kpi in enumerate(data.kpis):
        if kpi.bases:  # a rate per hours: one column a basis, the same rule
            continue
        figures = {
            org.name: (figure.value if (figure := org.kpis[at]) else None) for org in submitted
        }
        places = figures_places(kpi.places, figures.values())
        for name, value in figures.items():
            if value is None:
                continue
            cell = rows[name][column_of[kpi.kpi_id]]
            assert (cell.value, cell.number_format) == (
                float(value),
                excel_number_format(0, places),
            ), (name, kpi.kpi_id)


def test_a_stored_figure_keeps_its_decimals_and_its_format_shows_the_places() -> None:
    sheet = openpyxl.Workbook(write_only=True).create_sheet()
    cell = write_cell(sheet, Figure(Decimal("595250.04"), 0, stored=True))
    assert (cell.value, cell.number_format) == (595250.04, "#,##0")
    cell = write_cell(sheet, Figure(Decimal("0.12345"), 2, stored=True))
    assert (cell.value, cell.number_format) == (0.12345, "#,##0.00")
