"""The published documents of the demo year, read as a reader would: every table on the page
(in English too), the open year's annual report marked provisional, no near-empty pages, the
results workbook's units."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from click.testing import Result
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.organisations.models import Organisation
from rcapp.reports import documents
from rcapp.reports.data import build_scorecard_report
from tests.demo_world import demo as demo  # the fixture, once a module
from tests.pdf_tools import (
    needs_poppler,
    overlapping_words,
    pdf_pages,
    pdf_text,
    words_off_the_page,
)

RIGHT_MARGIN_PT = 15 * 72 / 25.4  # print.css: 15 mm; a word may not reach past half of it


def _assessment(name_zh: str) -> Assessment:
    statement = (
        select(Assessment)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(Organisation.name_zh == name_zh, ReportingCycle.year == world.CURRENT_YEAR)
    )
    return db.session().scalars(statement).one()


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_scorecard_kpi_table_fits_the_page(demo: Result, lang: str) -> None:
    # Jiangbei has KPIs of two earlier years: in English the headings of the per-hours
    # columns stayed on one line and pushed the 2023 column past the right edge.
    assert demo.exit_code == 0, demo.output
    pdf = documents.scorecard_pdf(_assessment("江北新材料有限公司"), lang)
    assert words_off_the_page(pdf, margin=RIGHT_MARGIN_PT / 2) == []


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_improvement_path_gives_the_item_text_the_room(demo: Result, lang: str) -> None:
    # Laid out by content, the item column shrank to 4-5 Chinese characters a line (rows
    # 15 lines tall) beside a half-empty note column: Ludong's draft ran to 24 pages.
    assert demo.exit_code == 0, demo.output
    ludong = _assessment("鲁东化肥有限公司")
    steps = build_scorecard_report(ludong, lang).page.steps
    pdf = documents.scorecard_pdf(ludong, lang)
    lines = pdf_text(pdf).splitlines()
    assert len(steps) > 20  # a draft's long path
    for step in steps:
        first = next(line for line in lines if line.startswith(f"{step.item_id} "))
        # the first line of the item column holds some 30 Chinese or 60 Latin characters
        wanted = min(len(step.prompt), 20 if lang == "zh" else 40)
        assert len(first.removeprefix(f"{step.item_id} ")) >= wanted, first
    assert pdf_pages(pdf) <= 16


@pytest.mark.parametrize(
    ("lang", "per_million", "per_200k"),
    [
        ("zh", "起/百万工时", "起/20万工时"),
        ("en", "cases per million hours worked", "events per 200,000 hours worked"),
    ],
)
def test_the_results_workbook_names_the_real_basis_of_a_rate(
    demo: Result, lang: str, per_million: str, per_200k: str
) -> None:
    # The rubric's unit holds a stand-in, "起/工时基数" / "cases per basis hours"; OHS-03's
    # primary basis is per million hours, PS-02's per 200,000: the unit column says which.
    assert demo.exit_code == 0, demo.output
    data = documents.results_workbook(_assessment("江北新材料有限公司"), lang)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["关键绩效指标" if lang == "zh" else "KPIs"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] in ("编号", "ID"))
    year, million, hundred_k = header[5], header[6], header[7]
    assert year == ("2025（按计量单位）" if lang == "zh" else "2025 (in Unit)")
    ohs03 = dict(zip(header, next(row for row in rows if row[0] == "OHS-03"), strict=True))
    assert ohs03[header[2]] == per_million
    assert ohs03[year] == ohs03[million] > 0  # the year's value is the per-million one
    ps02 = dict(zip(header, next(row for row in rows if row[0] == "PS-02"), strict=True))
    assert ps02[header[2]] == per_200k
    assert ps02[year] == ps02[hundred_k]  # and here the per-200,000 one


def _cycle(year: int) -> ReportingCycle:
    return db.session().scalars(select(ReportingCycle).where(ReportingCycle.year == year)).one()


@pytest.fixture(scope="module")
def open_year_reports(demo: Result) -> dict[str, bytes]:
    """The demo's open year's annual report, in both languages (rendered once)."""
    assert demo.exit_code == 0, demo.output
    return {lang: documents.annual_report_pdf(_cycle(world.CURRENT_YEAR), lang) for lang in LANGS}


LANGS = ("zh", "en")
PROVISIONAL = {
    "zh": "暂定稿：本年度尚未关闭，数字可能变化",
    "en": "Provisional: the year is still open; figures may change",
}


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_no_words_of_the_annual_report_run_into_each_other(
    open_year_reports: dict[str, bytes], lang: str
) -> None:
    # Chapter 4's park table: nine sections in fixed 15 mm columns ran the English heading
    # "Environmental" into "Public".
    assert overlapping_words(open_year_reports[lang]) == []


@needs_poppler
def test_the_park_kpis_read_in_natural_english(open_year_reports: dict[str, bytes]) -> None:
    # 较大及以上 read "Larger-or-worse"; SDG 16.7 listed "Open days" twice (company, park).
    text = " ".join(pdf_text(open_year_reports["en"]).split())
    assert "larger-or-worse" not in text.lower()
    assert "Production-safety accidents of larger grade or above in the park" in text
    assert "Open days and community dialogues, Community complaints" in text  # the company's
    assert "Park open days for the public" in text


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_the_open_years_report_says_it_is_provisional_on_every_page(
    open_year_reports: dict[str, bytes], lang: str
) -> None:
    # It read like the published report: only one row of the star list said 暂定.
    pages = pdf_text(open_year_reports[lang]).split("\f")[:-1]
    assert pages[0].count(PROVISIONAL[lang]) == 2  # the cover's banner and its footer
    assert all(PROVISIONAL[lang] in page for page in pages)
    counts_note = {"zh": "其结果为暂定结果", "en": "their results are provisional"}[lang]
    assert counts_note in " ".join(pdf_text(open_year_reports[lang]).split())


@needs_poppler
def test_a_closed_years_report_is_not_marked_provisional(demo: Result) -> None:
    pdf = documents.annual_report_pdf(_cycle(world.CURRENT_YEAR - 1), "zh")
    assert "暂定稿" not in pdf_text(pdf)


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_the_star_table_is_not_broken_across_pages(
    open_year_reports: dict[str, bytes], lang: str
) -> None:
    # The last row (未评定) went to a page of its own, under nothing but the running header.
    heading, last_row = {
        "zh": ("3. 星级分布", "未评定"),
        "en": ("3. Star distribution", "Not rated"),
    }[lang]
    pages = pdf_text(open_year_reports[lang]).split("\f")[1:]  # after the contents
    (page,) = [p for p in pages if heading in p]
    assert last_row in page
    assert words_off_the_page(open_year_reports[lang], margin=RIGHT_MARGIN_PT / 2) == []


@needs_poppler
def test_the_english_star_chart_caption_is_not_letter_spaced(
    open_year_reports: dict[str, bytes],
) -> None:
    # The figure took the star glyphs' class: "O r g a n i s a t i o n s" (QA61 m10)
    assert "Organisations per star rating" in pdf_text(open_year_reports["en"])


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_the_average_scores_headers_wrap_at_spaces_only(
    open_year_reports: dict[str, bytes], lang: str
) -> None:
    # "Emer-gency re-sponse", "stew-ardship" in narrow columns (QA61 m6)
    heading = {"zh": "4. 各工作组板块平均得分", "en": "4. Average scores by code of practice"}[lang]
    pages = pdf_text(open_year_reports[lang]).split("\f")[1:]
    (page,) = [p for p in pages if heading in p]
    assert not re.search(r"[A-Za-z][-\u2010\u00ad]\n", page), page


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
def test_chapter_6_stays_with_its_bullets_and_a_chart_with_its_table(
    open_year_reports: dict[str, bytes], lang: str
) -> None:
    heading, rule, chapter_5, table_head = {
        "zh": ("6. 目标与承诺进展", "计数规则", "5. 汇总关键绩效指标", "\n计量单位\n"),
        "en": ("6. Progress on targets", "How these are counted", "5. Pooled KPIs", "\nUnit\n"),
    }[lang]
    pages = pdf_text(open_year_reports[lang]).split("\f")[1:]
    (page,) = [p for p in pages if heading in p]
    assert rule in page  # not the heading and one bullet at a page's foot (QA61 m14)
    (first,) = [p for p in pages if chapter_5 in p]
    assert table_head in first  # not the first chart alone on a half-empty page (QA61 m11)
