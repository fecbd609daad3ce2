"""The annual report for outside readers: a method chapter, a cover with the year's figures,
totals without a trailing ".0", the English KPI tables' name column, chapter 8's type column,
and the workbook's KPI sheet that keeps the organisation in view."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from click.testing import Result

from rcapp.assessments.queries import registry
from rcapp.demo import world
from rcapp.organisations.models import OrganisationKind
from rcapp.reports import documents
from rcapp.reports.annual_model import AnnualReport
from rcapp.reports.data_annual_report import build_annual_report
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture
from tests.pdf_tools import needs_poppler, pdf_text

LANGS = ("zh", "en")
YEAR = world.CURRENT_YEAR
SHEETS = {"zh": ("汇总指标", "关键绩效指标"), "en": ("Pooled KPIs", "KPIs")}


def _html(lang: str) -> tuple[str, AnnualReport]:
    report = build_annual_report(_cycle(YEAR), lang)
    return documents.render_html("reports/annual.html", lang, report=report), report


@pytest.mark.parametrize("lang", LANGS)
def test_the_method_chapter_says_the_rubrics_levels_weights_and_rule_note(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    html, report = _html(lang)
    method = report.method
    assert method is not None
    names = {"zh": ["起步", "规范", "良好", "优秀", "标杆"], "en": ["Starter", "Established"]}
    assert [level.name for level in method.levels][: len(names[lang])] == names[lang]
    cycle = _cycle(YEAR)
    company = registry().get(*cycle.rubric_for(OrganisationKind.COMPANY.value)).rubric
    assert [level.min_overall[0] for level in method.levels] == [
        band.min_overall for band in company.rating.bands
    ]
    assert "× 15%" in method.kinds[0].formula
    assert "× 60%" in method.kinds[0].formula
    assert "× 25%" in method.kinds[0].formula
    # after the contents, before chapter 1, with the note the result pages print
    assert html.index('id="method"') < html.index(f'id="{report.chapters[0].anchor}"')
    chapter = html.split('id="method"', 1)[1].split("</section>", 1)[0]
    lead = {"zh": "星级规则为暂行规则：", "en": "provisional"}[lang]
    assert lead in chapter
    assert company.rating.notes.get(lang)[:30] in chapter
    for level in method.levels:
        assert f"<td>{level.name}</td>" in chapter
    for word in ("最终（自评）", "暂定") if lang == "zh" else ("Final (self-assessed)",):
        assert f"“{word}”" in chapter
    assert 'id="method-prerequisites"' in chapter
    assert 'id="method-vetoes"' in chapter


@pytest.mark.parametrize("lang", LANGS)
def test_the_cover_says_the_years_key_figures(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    html, report = _html(lang)
    data = report.data
    cover = html.split('id="cover-summary">', 1)[1].split("</p>", 1)[0]
    submitted = sum(1 for org in data.organisations if org.submitted)
    rated = len(report.rated)
    assert str(YEAR) in cover
    assert f"{submitted} " in cover
    assert f"{rated} " in cover
    for row in data.star_distribution:
        if row.count:
            assert row.label in cover
    assert html.index('id="cover-summary"') < html.index('class="toc"')


@pytest.mark.parametrize("lang", LANGS)
def test_whole_totals_print_whole_in_the_report_and_the_pooled_sheet(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    # 综合能源消费量 printed "595,250.0" beside the KPI sheet's whole 595,250
    assert demo.exit_code == 0, demo.output
    html, report = _html(lang)
    energy = next(r for g in report.trends for r in g.rows if r.kpi_id == "RS-01")
    assert energy.places == 0
    chapter = html.split(f'id="{report.chapters[4].anchor}"', 1)[1]
    assert not re.search(r'<td class="num">[\d,]+\.0</td>', chapter.split("</section>", 1)[0])
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(_cycle(YEAR), lang)))
    pooled = book[SHEETS[lang][0]]
    formats = {
        row[4].number_format
        for row in pooled.iter_rows()
        if row[1].value == "RS-01" and isinstance(row[4].value, float | int)
    }
    assert formats == {"#,##0"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_kpi_sheet_keeps_the_organisation_in_view_and_names_each_kpi_by_its_id(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(_cycle(YEAR), lang)))
    sheet = book[SHEETS[lang][1]]
    # the header: the first row with a cell a column (the notes above it fill one each)
    header_row = next(row for row in sheet.iter_rows() if sum(c.value is not None for c in row) > 4)
    # the organisation's name frozen with the rows above the figures
    assert sheet.freeze_panes == f"B{header_row[0].row + 1}"
    header = [str(cell.value) for cell in header_row if cell.value is not None]
    assert len(header) > 60
    for cell in header_row:
        width = sheet.column_dimensions[cell.column_letter].width
        assert width is not None, cell.column_letter
        assert width >= 10, (cell.column_letter, width)
    ids = {kpi.kpi_id for kpi in build_annual_report(_cycle(YEAR), lang).data.kpis}
    columns = [text for text in header[4:] if text.split(" ", 1)[0] in ids]
    assert len(columns) >= len(header) - 5  # each KPI column but a source column or so
    assert any(text.startswith("RS-01 ") for text in columns)


@pytest.mark.parametrize("lang", LANGS)
def test_chapter_8_says_each_organisations_type(
    demo: Result,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    assert demo.exit_code == 0, demo.output
    html, report = _html(lang)
    table = html.split('id="rated-table"', 1)[1].split("</table>", 1)[0]
    assert ("<th>类型</th>" if lang == "zh" else "<th>Type</th>") in table
    for org in report.rated:
        assert f"<td>{org.name}</td><td>{org.kind}</td>" in table
    assert {org.kind for org in report.rated} <= {"企业", "化工园区", "Company", "Chemical park"}


@needs_poppler
def test_the_english_kpi_tables_give_the_name_its_room(
    demo: Result,  # noqa: F811 - the imported fixture
) -> None:
    # "not comparable" and like-for-like pairs squeezed the names to 4-6 lines of a word or two
    assert demo.exit_code == 0, demo.output
    report = build_annual_report(_cycle(YEAR), "en")
    text = pdf_text(documents.annual_report_pdf(_cycle(YEAR), "en"))
    fifth, sixth = (f"{n}. {report.chapters[n - 1].title}" for n in (5, 6))
    lines = text[text.rindex(fifth) : text.rindex(sixth)].splitlines()  # the first: contents
    long_names = [r.name for g in report.trends for r in g.rows if len(r.name) > 30]
    assert len(long_names) > 5
    titles = {group.title for group in report.trends}
    for name in long_names:
        # the name's first line in its cell (not a group's heading of the same words)
        starts = [line for line in lines if name.startswith(line) and line not in titles]
        assert max(map(len, starts), default=0) >= 22, (name, starts)
