"""Workbooks write scores as numbers shown with one decimal, as the pages show them.

Without a number format Excel showed 76 in one row and 87.3 in the next; KPI values are
not scores and keep their own places.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
from flask_babel import force_locale
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.reports.data_lists import assessments_sheet
from rcapp.reports.documents import annual_workbook, results_workbook
from rcapp.reports.excel import workbook_bytes
from tests.factories import make_world, submitted_assessment


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _sheet(data: bytes, title: str | None = None) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0] if title is None else book[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def _column(sheet: Worksheet, header: str) -> list[Cell]:
    """The cells under `header` (the first row that has it), down to the end."""
    for row in sheet.iter_rows():
        names = [c.value for c in row]
        if header in names:
            index = names.index(header)
            below = sheet.iter_rows(min_row=row[0].row + 1)
            return [r[index] for r in below if r[index].value is not None]
    raise AssertionError(f"no column {header}")


def _is_score(cell: Cell) -> bool:
    return isinstance(cell.value, int | float) and cell.number_format == "0.0"


def test_annual_workbook_scores_show_one_decimal(db_session: Session) -> None:
    world = make_world()
    submitted_assessment(world)
    sheet = _sheet(annual_workbook(world.cycle, "zh"), "组织得分")

    overall = _column(sheet, "总分")
    assert overall
    assert all(_is_score(c) for c in overall)
    header = next(r for r in sheet.iter_rows(values_only=True) if "总分" in r)
    after = header.index("结果性质") + 1  # the section columns follow it
    sections = [c for title in header[after:] for c in _column(sheet, str(title))]
    assert sections
    assert all(_is_score(c) for c in sections)


def test_results_workbook_scores_show_one_decimal_and_kpis_keep_theirs(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    data = results_workbook(assessment, "zh")

    summary = {row[0].value: row[1] for row in _sheet(data, "概况").iter_rows()}
    assert _is_score(summary["总分"])
    assert summary["完成度 %"].number_format == "General"  # a share, not a score
    scores = _column(_sheet(data, "得分"), "得分")
    assert scores
    assert all(_is_score(c) for c in scores)
    kpis = _column(_sheet(data, "关键绩效指标"), "2025（按计量单位）")
    assert kpis
    # figures, not scores: separators and their own places (rcapp.figures), e.g. 0.#### not 0.0
    figures = [c for c in kpis if isinstance(c.value, int | float)]
    assert figures
    assert all(c.number_format.startswith("#,##0") for c in figures)
    assert not any(_is_score(c) for c in figures)


def test_list_export_score_shows_one_decimal(db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    sheet = _sheet(workbook_bytes([assessments_sheet([assessment], "zh")]))

    (overall,) = _column(sheet, "总分")
    assert _is_score(overall)
    assert overall.value == float(assessment.overall_score or 0)
