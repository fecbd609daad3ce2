"""The Excel writer: user text stays text, sheet names are valid, files open in openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.reports.excel import CellValue, Score, Sheet, sheet_title, workbook_bytes

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","点击")',
    "+86 10 1234",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
]


def formula_cells(data: bytes) -> list[str]:
    """Every <f> element in every worksheet: the file's formulas."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def one_sheet(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_stays_text(text: str) -> None:
    data = workbook_bytes([Sheet("s", ["a"], [[text]])])
    assert formula_cells(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book.worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix  # Excel keeps it text when edited (F2 + Enter), qa55 #8


@pytest.mark.parametrize("text", ["1+1", "王工", "a=b", " =1", "—"])
def test_text_that_does_not_start_like_a_formula_has_no_quote_prefix(text: str) -> None:
    data = workbook_bytes([Sheet("s", ["a"], [[text]])])
    cell = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]["A2"]
    assert (cell.value, cell.quotePrefix) == (text, False)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_text_comes_back_as_written_without_control_characters(text: str) -> None:
    data = workbook_bytes([Sheet("s", ["a"], [[text]])])
    assert formula_cells(data) == []
    value = one_sheet(data)[1][0]
    expected = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
    assert value == (expected or None)


def test_numbers_dates_and_notes_keep_their_types() -> None:
    rows: list[list[CellValue]] = [[Decimal("1.5"), 3, dt.date(2025, 1, 2), None, True]]
    data = workbook_bytes(
        [Sheet("s", ["d", "i", "day", "none", "flag"], rows, notes=["筛选条件：无"])]
    )
    values = one_sheet(data)
    assert values[0][0] == "筛选条件：无"
    assert values[1] == ["d", "i", "day", "none", "flag"]
    assert values[2] == [1.5, 3, dt.datetime(2025, 1, 2), None, True]  # noqa: DTZ001 - Excel has no zones


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组织", "组织"),
        ("a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
    ],
)
def test_sheet_titles_are_made_valid(text: str, expected: str) -> None:
    assert sheet_title(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cut at 31 characters these read "C1 Community awareness and emer", "… and safe"
        ("C1 Community awareness and emergency response", "C1 Community awareness"),
        ("C5 Occupational health and safety", "C5 Occupational health & safety"),
        ("PK7 Driving Responsible Care in resident companies", "PK7 Driving Responsible Care"),
        ("C2 Storage and transport safety", "C2 Storage and transport safety"),
        ("C1 社区认知和应急响应", "C1 社区认知和应急响应"),
    ],
)
def test_long_english_sheet_titles_end_on_a_whole_word(text: str, expected: str) -> None:
    assert sheet_title(text) == expected
    taken = {expected}
    again = sheet_title(text, taken)
    assert again.endswith(" (2)")
    assert len(again) <= 31


def test_sheet_titles_are_made_unique() -> None:
    taken: set[str] = set()
    assert [sheet_title("组织", taken) for _ in range(3)] == ["组织", "组织 (2)", "组织 (3)"]
    data = workbook_bytes([Sheet("dup", ["a"], []), Sheet("DUP", ["a"], [])])
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["dup", "DUP (2)"]


def test_score_cells_have_one_decimal_and_figures_their_own_places() -> None:
    row = (Score(Decimal("76")), Score(None), Decimal("0.012"), Decimal("1120000"), 2024)
    sheet = Sheet("s", ("a", "b", "c", "d", "e"), [row])
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([sheet])))
    score, empty, kpi, hours, year = next(book.worksheets[0].iter_rows(min_row=2))
    assert (score.value, score.data_type, score.number_format) == (76, "n", "0.0")
    assert empty.value is None
    # a figure stays a number, shown as the pages write it (rcapp.figures): 1,120,000
    assert (kpi.value, kpi.data_type, kpi.number_format) == (0.012, "n", "#,##0.000")
    assert (hours.value, hours.data_type, hours.number_format) == (1120000, "n", "#,##0")
    assert (year.value, year.number_format) == (2024, "General")  # an int is no figure: 2,024


def test_times_are_written_to_the_second() -> None:
    # qa17 S5: submission times read 08:00:51.432000 in assessments.xlsx and organisations.xlsx.
    moment = dt.datetime(2026, 12, 5, 8, 0, 51, 432000)  # noqa: DTZ001 - local time, as callers pass
    zoned = dt.datetime(2026, 12, 5, 8, 0, 51, 999999, tzinfo=dt.UTC)
    data = workbook_bytes([Sheet("s", ["plain", "zoned"], [[moment, zoned]])])
    assert one_sheet(data)[1] == [
        dt.datetime(2026, 12, 5, 8, 0, 51),  # noqa: DTZ001
        dt.datetime(2026, 12, 5, 8, 0, 51),  # noqa: DTZ001
    ]


def test_a_table_has_a_filter_over_its_header_and_rows_and_a_summary_none() -> None:
    """QA65 #1: a data officer filters by 省份, 工作组 and 星级 in every export."""
    data = workbook_bytes(
        [
            Sheet("table", ["a", "b", "c"], [[1, 2, 3], [4, 5, 6]], notes=("筛选条件：全部",)),
            Sheet("empty", ["a", "b"], []),
            Sheet("wrapped", ["a", "b"], [["x", "长文本"]], wrapped=frozenset({1})),
            Sheet("summary", ["项目", "内容"], [["总分", 1]], filtered=False),
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    refs = {sheet.title: sheet.auto_filter.ref for sheet in book.worksheets}
    assert refs == {"table": "A2:C4", "empty": "A1:B1", "wrapped": "A1:B2", "summary": None}


@pytest.mark.parametrize(
    ("columns", "widths", "orientation"),
    [(27, (), "landscape"), (12, (), "landscape"), (2, (20, 30), "portrait"), (5, (), "portrait")],
)
def test_every_sheet_prints_on_the_width_of_an_a4_page(
    columns: int, widths: tuple[int, ...], orientation: str
) -> None:
    """A lead printed a 27-column comparison and got six columns (qa85): every sheet is set
    to A4, all columns on the page's width, the header on every page, numbered pages."""
    data = workbook_bytes(
        [
            Sheet(
                title="对比",
                header=[f"列{i}" for i in range(columns)],
                rows=[list(range(columns))] * 3,
                widths=widths,
                notes=["筛选：全部"],
            )
        ]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == orientation
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$2:$2"  # the header, below the note
    assert sheet.oddFooter.center.text == "&P / &N"
    assert [c.value for c in sheet[2]][:2] == ["列0", "列1"]
