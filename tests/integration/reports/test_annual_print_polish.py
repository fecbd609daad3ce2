"""The demo years' annual report and workbook read as an editor expects (QA46 S1, S4, S7, S18).

One precision per indicator in the report's KPI tables and the same digits in the workbook,
the SDG targets on one line, the check table of chapter 7 on one page, the star chart's
value axis named.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from click.testing import Result

from rcapp.demo import world
from rcapp.reports import documents
from rcapp.reports.data_annual_report import build_annual_report
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture
from tests.pdf_tools import needs_poppler, pdf_text

LANGS = ("zh", "en")
YEARS = (world.CURRENT_YEAR - 1, world.CURRENT_YEAR)
_CELL = re.compile(r'<td class="num">([^<]*)</td>')


def _decimals(text: str) -> int | None:
    """The decimals a printed figure shows; None for a dash or a word."""
    figure = text.replace(",", "").rstrip("*")
    if not re.fullmatch(r"-?\d+(\.\d+)?", figure):
        return None
    return len(figure.split(".")[1]) if "." in figure else 0


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_kpi_row_prints_its_years_with_one_number_of_decimals(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
    year: int,
) -> None:
    # "1.2 | 1.23", "90 | 88.46", "0.52 | 0.62 | 0.089": trailing zeros were dropped.
    assert demo.exit_code == 0, demo.output
    report = build_annual_report(_cycle(year), lang)
    page = documents.render_html("reports/annual.html", lang, report=report)
    chapter = page.split(f'id="{report.chapters[4].anchor}"', 1)[1].split("</section>", 1)[0]
    shown = len(report.years) - report.years.index(report.base_year)
    checked = 0
    for row in chapter.split("<tr>")[1:]:
        cells = _CELL.findall(row)[:shown]  # the year columns come first
        places = {_decimals(c) for c in cells} - {None}
        assert len(places) <= 1, row
        checked += len([c for c in cells if _decimals(c) is not None]) > 1
    assert checked > 5  # rows with two or more years of figures


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_writes_one_indicator_with_one_number_format(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(_cycle(YEARS[0]), lang)))
    pooled = book["汇总指标" if lang == "zh" else "Pooled KPIs"]
    formats: dict[str, set[str]] = {}
    for row in pooled.iter_rows():
        value = row[4]
        if isinstance(value.value, float):
            formats.setdefault(str(row[1].value), set()).add(value.number_format)
    assert formats
    assert all(len(found) == 1 for found in formats.values()), formats
    kpis = book["关键绩效指标" if lang == "zh" else "KPIs"]
    columns: dict[int, set[str]] = {}
    for row in kpis.iter_rows():
        for cell in row[4:]:
            if isinstance(cell.value, int | float):
                columns.setdefault(cell.column, set()).add(cell.number_format)
    assert columns
    assert all(len(found) == 1 for found in columns.values()), columns
    # the report's pooled LTIF of the year, 1.23, beside 2023's 1.20: both two places
    report = build_annual_report(_cycle(YEARS[0]), lang)
    ltif = next(r for g in report.trends for r in g.rows if r.kpi_id == "OHS-03")
    assert ltif.values[-1] == Decimal("1.23")
    assert formats["OHS-03"] == {"#,##0.00"}


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_the_sdg_targets_and_the_check_table_print_whole(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    # "SDG / 3.6" broke in a narrow column, the heading read "SDG / 具体目 / 标" (S4); the
    # check table began at a page's foot with its header and one row (S18).
    assert demo.exit_code == 0, demo.output
    report = build_annual_report(_cycle(YEARS[0]), lang)
    pages = pdf_text(documents.annual_report_pdf(_cycle(YEARS[0]), lang)).split("\f")
    lines = [line for page in pages for line in page.splitlines()]
    assert "SDG" not in lines
    for row in report.sdg:
        assert f"SDG {row.target}" in lines
    assert {"zh": "SDG 具体目标", "en": "SDG target"}[lang] in " ".join(lines)
    assert len(report.sdg_annex) >= 3
    seventh, eighth = (f"{n}. {report.chapters[n - 1].title}" for n in (7, 8))
    # the last page naming a chapter: the first names them all (the contents)
    start = max(i for i, page in enumerate(pages) if seventh in page)
    end = max(i for i, page in enumerate(pages) if eighth in page)
    holding = {
        i
        for i in range(start, end)
        for row in report.sdg_annex
        if row.name in pages[i].splitlines()
    }
    assert len(holding) == 1, holding  # every row of the check table on one page


@pytest.mark.parametrize(("lang", "axis"), [("zh", "组织数"), ("en", "Organisations")])
def test_the_star_chart_names_its_value_axis(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
    axis: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    chart = str(build_annual_report(_cycle(YEARS[0]), lang).star_chart)
    assert f">{axis}</text>" in chart
    assert 'font-size="13"' in chart  # printed 120 mm wide: about 8 pt


@pytest.mark.parametrize("lang", LANGS)
def test_every_workbook_sheet_names_its_year_and_heads_its_columns_alike(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    # QA46 S15: only 组织得分 named its year; 星级条件's conditions ran on as one line.
    assert demo.exit_code == 0, demo.output
    year = YEARS[0]
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(_cycle(year), lang)))
    assert len(book.worksheets) >= 7
    for sheet in book.worksheets:
        header_row = int(str(sheet.freeze_panes)[1:]) - 1  # the pane is frozen under it
        above = [str(sheet.cell(row, 1).value) for row in range(1, header_row)]
        assert any(str(year) in line for line in above), sheet.title  # above the header
        header = [c for c in sheet[header_row] if c.value is not None]
        assert header, sheet.title
        for cell in header:
            assert cell.font.b, (sheet.title, cell.value)
            assert cell.fill.fgColor.rgb.endswith("0B5E4A"), (sheet.title, cell.value)
            assert cell.alignment.wrap_text, (sheet.title, cell.value)
    conditions = book["星级条件" if lang == "zh" else "Star rating conditions"]
    long_texts = [
        cell
        for row in conditions.iter_rows(min_row=3, min_col=5)
        for cell in row
        if isinstance(cell.value, str) and len(cell.value) > 40
    ]
    assert long_texts
    assert all(cell.alignment.wrap_text for cell in long_texts)
