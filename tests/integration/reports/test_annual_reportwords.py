"""The annual report and workbook read alike in both editions and trace their figures.

Chapter 1's rows came in each language's own sort (en: Chemical park before Company, Jiangsu
before Shandong); its 本年新签署 could not be traced to an organisation (no signing date in
the workbook); a park's three-star count did not say it was the park's own typed figure; the
pooled sheet wrote OHS-06 0.00 pooled beside a per-million 0 (qa reportwords 5, 7, 8).
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus, OrganisationKind
from rcapp.reports import documents
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.rubrics.registry import RubricRegistry
from tests.factories import make_organisation, make_working_group
from tests.integration.reports.industry_minimum import industry_of_one
from tests.integration.reports.test_annual_pooling import (
    RUBRICS,
    _cycle,
    _submitted,
    real_rubrics,
)

__all__ = ["industry_of_one", "real_rubrics"]
pytestmark = pytest.mark.usefixtures("industry_of_one")

LANGS = ("zh", "en")
SIGNED = dt.date(2025, 3, 31)
SOURCE = {
    "zh": ("三星及以上入园企业数来源", "园区在 KPI 数据页填写"),
    "en": (
        "Source of the count of resident companies rated three stars or more",
        "Typed by the park on its KPI data page",
    ),
}


@pytest.fixture
def cycle(db_session: Session, real_rubrics: None) -> ReportingCycle:
    """2025: a company in Shandong signed this year, a park in Jiangsu signed before."""
    signed = {"commitment_status": CommitmentStatus.SIGNED}
    company = make_organisation(
        kind=OrganisationKind.COMPANY, province="山东省", commitment_signed_on=SIGNED, **signed
    )
    park = make_organisation(
        kind=OrganisationKind.PARK,
        province="江苏省",
        commitment_signed_on=dt.date(2019, 5, 1),
        **signed,
    )
    # 乙 before 甲 in Chinese; their English names sort the other way
    company.working_groups.append(make_working_group(name_zh="乙工作组", name_en="Zeta group"))
    park.working_groups.append(make_working_group(name_zh="甲工作组", name_en="Alpha group"))
    year = _cycle(2025, 2)
    _submitted(year, company, 2, {"occupational_illnesses": 0, "hours_employees": 1_000_000})
    # no resident company has a rating in rcapp: the park's typed count counts
    _submitted(year, park, 2, {"companies_3star": 4, "companies_resident": 10})
    db_session.flush()
    return year


def _book(cycle: ReportingCycle, lang: str) -> list[Worksheet]:
    book = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(cycle, lang)))
    return list(book.worksheets)


def _header_row(sheet: Worksheet, first: str) -> int:
    """The row number of the sheet's header, the one starting with `first`."""
    return next(int(cell.row) for cell in sheet["A"] if cell.value == first)


def _column(sheet: Worksheet, row: int, title: str) -> int:
    return next(int(cell.column) for cell in sheet[row] if cell.value == title)


def test_chapter_1_lists_its_rows_in_one_order_in_both_editions(cycle: ReportingCycle) -> None:
    zh, en = (build_annual_report(cycle, lang) for lang in LANGS)
    assert [r.label for r in zh.by_kind][:2] == ["企业", "化工园区"]
    assert [r.label for r in en.by_kind][:2] == ["Company", "Chemical park"]
    assert [r.label for r in zh.by_province][:2] == ["山东省", "江苏省"]
    assert [r.label for r in en.by_province][:2] == ["Shandong", "Jiangsu"]
    # row by row the same figures: one new signatory, the company
    assert [(r.new, r.cumulative) for r in zh.by_kind] == [(1, 1), (0, 1), (1, 2)]
    assert [(r.new, r.cumulative) for r in en.by_kind] == [(1, 1), (0, 1), (1, 2)]
    assert [(r.new, r.cumulative) for r in en.by_province] == [
        (r.new, r.cumulative) for r in zh.by_province
    ]


def test_the_working_groups_sheet_lists_its_rows_in_one_order(cycle: ReportingCycle) -> None:
    rows = {}
    for lang in LANGS:
        sheet = _book(cycle, lang)[-1]
        head = _header_row(sheet, "工作组" if lang == "zh" else "Working groups")
        rows[lang] = [sheet.cell(row, 1).value for row in range(head + 1, sheet.max_row)]
    assert rows == {"zh": ["乙工作组", "甲工作组"], "en": ["Zeta group", "Alpha group"]}


@pytest.mark.parametrize("lang", LANGS)
def test_the_participants_sheet_gives_each_signing_date(cycle: ReportingCycle, lang: str) -> None:
    sheet = _book(cycle, lang)[0]
    head = _header_row(sheet, "组织名称" if lang == "zh" else "Organisation")
    column = _column(sheet, head, "承诺书签署日期" if lang == "zh" else "Commitment signed on")
    kinds = _column(sheet, head, "类型" if lang == "zh" else "Type")
    dates = {
        sheet.cell(row, kinds).value: sheet.cell(row, column).value
        for row in range(head + 1, sheet.max_row + 1)
    }
    company, park = ("企业", "化工园区") if lang == "zh" else ("Company", "Chemical park")
    signed_on = {company: SIGNED, park: dt.date(2019, 5, 1)}
    assert {kind: day.date() for kind, day in dates.items()} == signed_on


@pytest.mark.parametrize("lang", LANGS)
def test_the_kpi_sheet_names_a_typed_three_star_count(cycle: ReportingCycle, lang: str) -> None:
    sheet = _book(cycle, lang)[2]
    head = _header_row(sheet, "组织名称" if lang == "zh" else "Organisation")
    title, typed = SOURCE[lang]
    column = _column(sheet, head, title)
    kinds = _column(sheet, head, "类型" if lang == "zh" else "Type")
    sources = {
        sheet.cell(row, kinds).value: sheet.cell(row, column).value
        for row in range(head + 1, sheet.max_row + 1)
    }
    company, park = ("企业", "化工园区") if lang == "zh" else ("Company", "Chemical park")
    assert sources == {company: None, park: typed}


@pytest.mark.parametrize("lang", LANGS)
def test_a_pooled_rate_is_written_alike_on_every_basis(cycle: ReportingCycle, lang: str) -> None:
    sheet = _book(cycle, lang)[4]  # 汇总指标, after the KPIs and their raw inputs
    row = next(r for r in sheet.iter_rows() if r[1].value == "OHS-06")  # all organisations
    pooled, per_million, per_200k = row[4:7]
    assert (pooled.value, per_million.value, per_200k.value) == (0, 0, 0)
    # the KPI's decimals (a rate: two, kpi_text), not the figure's (a 0 has none)
    assert {pooled.number_format, per_million.number_format, per_200k.number_format} == {"#,##0.00"}


@pytest.mark.parametrize("version", [1, 2])
def test_park_kpis_are_named_in_natural_english(version: int) -> None:
    # "Larger-or-worse" for 较大及以上; two KPIs of SDG 16.7 both read "Open days"
    rubric = RubricRegistry(RUBRICS).get("rc-park", version).rubric
    names = {kpi.id: kpi.name for kpi in rubric.kpis}
    larger = "Production-safety accidents of larger grade or above in the park"
    assert names["PK-SR-03"].en == larger
    assert names["PK-SR-03"].zh == "园区内较大及以上生产安全事故起数"  # the Chinese as it was
    assert names["PK-CA-01"].en == "Park open days for the public"
    assert "larger-or-worse" not in rubric.rating.notes.en.lower()
