"""The results workbook reads like the result page and sorts and sums like a spreadsheet.

Testers found 权重 = 1 on every section (the page shows 0.15 / 0.60 / 0.25), value
columns mixing numbers with 未报送 and —, the 2025 value of a per-hours rate left blank
while its basis columns were filled, and 填报中 where every page says 草稿.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
import pytest
from sqlalchemy.orm import Session

from rcapp.reports.documents import results_workbook
from tests.factories import make_world, start, submitted_assessment

Row = Sequence[object]


def _rows(data: bytes, title: str) -> list[Row]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


def _table(rows: list[Row], first: str) -> tuple[Row, list[Row]]:
    """The header (the row that starts with `first`, below any notes) and the rows under it."""
    at = next(i for i, row in enumerate(rows) if row[0] == first)
    return rows[at], rows[at + 1 :]


def test_the_score_sheet_gives_the_weights_of_the_overall_score(db_session: Session) -> None:
    world = make_world()
    data = results_workbook(submitted_assessment(world), "zh")
    header, rows = _table(_rows(data, "得分"), "层级")
    weight = header.index("权重")
    parts = {row[2]: row[weight] for row in rows if row[0] == "组成部分"}
    assert parts == {"管理体系": 0.15, "六项准则": 0.6, "绩效指标": 0.25}  # as the result page
    sections = {row[1]: row[weight] for row in rows if row[0] == "板块"}
    assert sections == {"MS": 1, "C1": 0.5, "C6": 0.5}  # shares of their part


def test_kpi_value_columns_hold_only_numbers_and_a_rate_has_its_year_value(
    db_session: Session,
) -> None:
    world = make_world()
    reported = _rows(results_workbook(submitted_assessment(world), "zh"), "关键绩效指标")
    header, rows = _table(reported, "编号")
    assert header[:6] == ("编号", "指标", "计量单位", "核心", "状态", "2025（按计量单位）")
    ohs03 = next(row for row in rows if row[0] == "OHS-03")
    # 2 lost-time injuries in 2,000,000 hours: 1 per million hours, 0.2 per 200,000
    assert ohs03[4:8] == ("已报送", 1, 1, 0.2)


@pytest.mark.parametrize(
    ("lang", "title", "first", "unit", "year", "basis", "said"),
    [
        (
            "zh",
            "关键绩效指标",
            "编号",
            "起/百万工时",
            "2025（按计量单位）",
            "2025 每百万工时",
            "计量单位",
        ),
        (
            "en",
            "KPIs",
            "ID",
            "cases per million hours worked",
            "2025 (in Unit)",
            "2025 per million hours worked",
            "Unit",
        ),
    ],
)
def test_every_kpi_value_column_names_its_unit_or_basis(
    db_session: Session,
    lang: str,
    title: str,
    first: str,
    unit: str,
    year: str,
    basis: str,
    said: str,
) -> None:
    """Testers read a rate per 200,000 and per million hours in one "2025" column unnamed."""
    world = make_world()
    reported = _rows(results_workbook(submitted_assessment(world), lang), title)
    header, rows = _table(reported, first)
    notes = [row[0] for row in reported[: reported.index(header)]]
    assert any(said in str(note) for note in notes), notes  # the year columns are explained
    ohs03 = dict(zip(header, next(row for row in rows if row[0] == "OHS-03"), strict=True))
    assert ohs03[header[2]] == unit
    assert ohs03[year] == ohs03[basis] == 1  # the unit column names the year column's basis


def test_a_kpi_without_figures_leaves_its_value_cells_empty(db_session: Session) -> None:
    world = make_world()
    _, blank = _table(_rows(results_workbook(start(world), "en"), "KPIs"), "ID")
    assert blank
    for row in blank:
        assert row[4] == "Not reported"
        assert all(cell is None for cell in row[5:])  # no "—" or words among the numbers


@pytest.mark.parametrize(("lang", "word"), [("zh", "草稿"), ("en", "Draft")])
def test_a_drafts_status_is_the_word_of_the_assessment_pages(
    db_session: Session, lang: str, word: str
) -> None:
    world = make_world()
    summary = _rows(results_workbook(start(world), lang), "概况" if lang == "zh" else "Summary")
    status = {"zh": "状态", "en": "Status"}[lang]
    assert {row[0]: row[1] for row in summary}[status] == word


@pytest.mark.parametrize(
    ("lang", "title", "header"),
    # "Item" is the glossary's 评价项: the summary's rows are figures (qa64 p5)
    [("zh", "概况", ("项目", "内容")), ("en", "Summary", ("Figure", "Value"))],
)
def test_the_summary_sheet_heads_its_columns_item_and_value(
    db_session: Session, lang: str, title: str, header: tuple[str, str]
) -> None:
    """QA46 S12: the en summary read "Field | Text"; its rows are items and their values."""
    summary = _rows(results_workbook(start(make_world()), lang), title)
    assert summary[0][:2] == header


def test_every_table_has_a_filter_on_its_header_and_the_summary_none(db_session: Session) -> None:
    """QA65 #1: results.xlsx had no filter on any sheet; the label–value summary needs none."""
    book = openpyxl.load_workbook(
        io.BytesIO(results_workbook(submitted_assessment(make_world()), "zh"))
    )
    for sheet in book.worksheets:
        if sheet.title == "概况":
            assert sheet.auto_filter.ref is None
            continue
        header_row = int(sheet.freeze_panes[1:]) - 1  # the panes freeze just below the header
        assert sheet.auto_filter.ref == f"A{header_row}:{sheet.dimensions.split(':')[1]}"
