"""Chemical formulas in KPI names get their subscripts in HTML, SVG and workbooks (reports4 1).

The CJK font of the PDFs has no subscript digits: "SO2", "NOx" printed as typed. The digits
and x of known formulas are marked up, after the text is escaped; other text is left alone.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from rcapp.formula_names import formula_markup, formula_runs, formula_text
from rcapp.reports.excel import RubricText, Sheet, workbook_bytes


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("SO2 emissions", "SO<sub>2</sub> emissions"),
        ("NOx emissions (as NO2)", "NO<sub>x</sub> emissions (as NO<sub>2</sub>)"),
        ("氮氧化物排放量（以NO2计）", "氮氧化物排放量（以NO<sub>2</sub>计）"),
        ("t CO2e/t product", "t CO<sub>2</sub>e/t product"),
        ("NH3-N discharged", "NH<sub>3</sub>-N discharged"),
        # not a known formula, or inside a longer word: as typed
        ("NOXIOUS SO2x CO22 ECO2 SO3 NH2", "NOXIOUS SO2x CO22 ECO2 SO3 NH2"),
        ("Fresh water withdrawal", "Fresh water withdrawal"),
        # escaped first: markup in the text stays text
        ("<b>SO2</b> & co", "&lt;b&gt;SO<sub>2</sub>&lt;/b&gt; &amp; co"),
        ("", ""),
        (None, ""),
    ],
)
def test_formula_markup(text: str | None, html: str) -> None:
    assert str(formula_markup(text)) == html


def test_the_runs_put_the_text_back_together() -> None:
    text = "NOx emissions (as NO2)"
    runs = formula_runs(text)
    assert "".join(part for part, _sub in runs) == text
    assert [part for part, sub in runs if sub] == ["x", "2"]


@pytest.mark.parametrize(
    ("text", "svg"),
    [
        (
            "SO2 released",
            '<text>SO<tspan dy="3" font-size="75%">2</tspan>'
            '<tspan dy="-3"> released</tspan></text>',
        ),
        ("t CO2", '<text>t CO<tspan dy="3" font-size="75%">2</tspan></text>'),
        ("Water reuse rate", "<text>Water reuse rate</text>"),
    ],
)
def test_formula_text_in_svg(text: str, svg: str) -> None:
    element = ET.Element("text")
    formula_text(element, text)
    assert ET.tostring(element, encoding="unicode") == svg


def test_a_workbook_writes_the_subscripts_as_rich_text_and_never_a_formula() -> None:
    sheet = Sheet("KPIs", ("name",), [(RubricText("SO2 emissions"),), (RubricText("=NO2+1"),)])
    book = load_workbook(io.BytesIO(workbook_bytes([sheet])), rich_text=True)
    cells = [row[0] for row in book["KPIs"].iter_rows(min_row=2)]
    rich = cells[0].value
    assert isinstance(rich, CellRichText)
    assert str(rich) == "SO2 emissions"
    subs = [b.text for b in rich if isinstance(b, TextBlock) and b.font.vertAlign == "subscript"]
    assert subs == ["2"]
    assert cells[1].data_type == "s"  # text starting with "=" stays text
    assert str(cells[1].value) == "=NO2+1"
    plain = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    assert plain["KPIs"]["A2"].value == "SO2 emissions"  # a reader without rich text: as typed
