"""One KPI value reads alike on the result page, the years page, the PDF and the workbooks (qa71).

A director building a board deck from three years found "0" beside "0.000" and "2.5" beside
"2.50" for the same LTIF, and units "每百万工时" beside "起/百万工时". Every output now
writes a KPI value with its KPI's decimals (scoring.kpi_text) and its unit from one place
(kpi_table.value_unit); a workbook keeps the number, formatted with the same decimals.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reports import documents
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.test_years_kpi_precision import submitted

UNIT = {"zh": "起/百万工时", "en": "cases per million hours worked"}
SHEET = {"zh": "关键绩效指标", "en": "KPIs"}
LTIF = {"zh": "员工损失工时伤害率", "en": "Employee LTIF"}
DRILLS = {"zh": "应急演练次数", "en": "Emergency drills"}


def _cells(page: str, start: str, at: int = 0) -> list[str]:
    """The number cells of the table row whose header starts with `start` (from `at` on)."""
    at = page.index(start, at)
    row = page[at : page.index("</tr>", at)]
    return [html.unescape(t).strip() for t in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)]


@pytest.fixture
def two_years(db_session: Session) -> tuple[User, Assessment]:
    company = make_organisation()
    member = make_user(company)
    submitted(company, member, 2024, "5")  # LTIF 2.5 per million hours
    now = submitted(company, member, 2025, "0")  # LTIF 0
    db_session.commit()
    return member, now


def _logged_in(
    client: FlaskClient, auth: AuthActions, two_years: tuple[User, Assessment], lang: str
) -> Assessment:
    member, now = two_years
    auth.login(member.email)
    if lang == "en":
        client.get("/lang/en")
    return now


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pages_write_one_value_one_way(
    client: FlaskClient, auth: AuthActions, two_years: tuple[User, Assessment], lang: str
) -> None:
    now = _logged_in(client, auth, two_years, lang)
    result = client.get(f"/assessments/{now.id}/result").get_data(as_text=True)
    at = result.index('<th scope="row">', result.index('id="kpi-values"'))
    rows = result[at:]
    ltif = rows[rows.index("OHS-03") : rows.index("</tr>", rows.index("OHS-03"))]
    assert f'data-label="{"计量单位" if lang == "zh" else "Unit"}">{UNIT[lang]}</td>' in ltif
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', ltif)[0] == "0.00"  # not "0"
    drills = rows[rows.index("CA-01") : rows.index("</tr>", rows.index("CA-01"))]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', drills)[0] == "3"  # a count

    years = client.get(f"/benchmarks/organisations/{now.organisation_id}/years")
    page = years.get_data(as_text=True)
    # 2.50 as every output writes 2.5 of a rate, 0.00 as the result page (not "0.0"/"0.000")
    assert _cells(page, '<th scope="row">OHS-03 ') == ["2.50", "0.00"]
    assert f'<span class="muted kpi-unit">{UNIT[lang]}</span>' in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_years_workbook_keeps_numbers_with_the_pages_decimals(
    client: FlaskClient, auth: AuthActions, two_years: tuple[User, Assessment], lang: str
) -> None:
    now = _logged_in(client, auth, two_years, lang)
    got = client.get(f"/reports/organisations/{now.organisation_id}/years.xlsx")
    assert got.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(got.data)).worksheets[0]
    row = next(r for r in sheet.iter_rows() if str(r[0].value).startswith("OHS-03"))
    assert UNIT[lang] in str(row[0].value)
    assert [(c.value, c.number_format) for c in row[1:3]] == [(2.5, "#,##0.00"), (0, "#,##0.00")]


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_pdf_writes_the_value_as_the_pages(
    app: Flask, two_years: tuple[User, Assessment], lang: str
) -> None:
    _member, now = two_years
    with app.test_request_context():
        text = pdf_text(documents.scorecard_pdf(now, lang))
    start = text.index(LTIF[lang], text.index("0.00") - 400)
    row = text[start : text.index(DRILLS[lang], start)]
    assert UNIT[lang] in " ".join(row.split())
    # this year, its two basis columns, then 2024: as the result page and the years page
    assert re.findall(r"\d[\d,.]*", row.replace(LTIF[lang], "")) == ["0.00", "0.00", "0.00", "2.50"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_writes_the_value_as_the_pages(
    app: Flask, two_years: tuple[User, Assessment], lang: str
) -> None:
    _member, now = two_years
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(documents.results_workbook(now, lang)))
    sheet = book.worksheets[[s.title for s in book.worksheets].index(SHEET[lang])]
    row = next(r for r in sheet.iter_rows() if r[0].value == "OHS-03")
    assert str(row[2].value) == UNIT[lang]
    figures = [(c.value, c.number_format) for c in row[5:] if isinstance(c.value, (int, float))]
    assert (0, "#,##0.00") in figures
    assert (2.5, "#,##0.00") in figures
    drills = next(r for r in sheet.iter_rows() if r[0].value == "CA-01")
    assert (drills[5].value, drills[5].number_format) == (3, "#,##0")


@pytest.fixture
def peer_group(db_session: Session) -> ReviewWorld:
    world = make_review_world(5)  # each member: LTIF 1 per million hours (2 in 2,000,000 h)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_benchmark_page_writes_the_value_and_the_groups_figures_as_the_result_page(
    client: FlaskClient, auth: AuthActions, peer_group: ReviewWorld, lang: str
) -> None:
    own = peer_group.assessments[0]
    auth.login(peer_group.members[0].email)
    auth.choose_language(lang)
    result = client.get(f"/assessments/{own.id}/result").get_data(as_text=True)
    assert _cells(result, "OHS-03", result.index('id="kpi-values"'))[0] == "1.00"
    url = f"/benchmarks/organisations/{own.organisation_id}?cycle={peer_group.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    # own value, percentile, then the group's figures: 1.00 as the result page, never "1"
    own_value, _rank, *group = _cells(page, '<th scope="row">OHS-03 ')
    assert own_value == "1.00"
    assert "1.00" in group  # the median at least; quartiles only where the group may see them
    assert all(figure in ("1.00", "—") or not figure[0].isdigit() for figure in group), group


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_group_comparison_and_its_workbook_write_the_value_as_the_result_page(
    client: FlaskClient, auth: AuthActions, peer_group: ReviewWorld, lang: str
) -> None:
    auth.login(peer_group.lead.email)
    auth.choose_language(lang)
    query = f"?cycle={peer_group.cycle.id}&kpi=OHS-03"
    page = client.get(f"/benchmarks/groups/{peer_group.group.id}{query}").get_data(as_text=True)
    cells = [
        html.unescape(t)
        for t in re.findall(r'<td class="num" data-label="OHS-03 [^"]*">([^<]*)</td>', page)
    ]
    # five members, the median, the quartiles and the pooled figure: each 1.00, as everywhere
    assert cells == ["1.00"] * 9
    got = client.get(f"/reports/working-groups/{peer_group.group.id}/side-by-side.xlsx{query}")
    sheet = openpyxl.load_workbook(io.BytesIO(got.data)).active
    header = next(r for r in sheet.iter_rows() if r[0].value and r[-1].value is not None)
    # the KPI's column, then its percentile
    assert str(header[-2].value).startswith("OHS-03 ")
    figures = [
        (r[-2].value, r[-2].number_format)
        for r in sheet.iter_rows(min_row=header[0].row + 1)
        if r[-2].value is not None
    ]
    # a number to sum, shown with the page's decimals: 1.00, not 1
    assert figures == [(1, "#,##0.00")] * 9
