"""The earlier-years (补录) KPI page, and the marks its figures carry elsewhere (qa63).

A company that joins mid-way enters the core KPI inputs of the years it had no assessment
in; the KPI page links the page, the result page, the results workbook and the audit log
say the figures are self-declared backfill.
"""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, KpiBackfill
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import page_words


def _page(client: FlaskClient, assessment: Assessment, year: int) -> str:
    return client.get(f"/assessments/{assessment.id}/kpis/earlier/{year}").get_data(as_text=True)


def _post(client: FlaskClient, assessment: Assessment, year: int, **values: str) -> str:
    data = {}  # the suite runs without CSRF tokens (tests/conftest.py)
    for input_id, value in values.items():
        data[f"{input_id}__value"] = value
        data[f"{input_id}__version"] = "0"
    response = client.post(
        f"/assessments/{assessment.id}/kpis/earlier/{year}", data=data, follow_redirects=True
    )
    return response.get_data(as_text=True)


def _logged_in(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    world = make_world(2025)
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    return world, assessment


def test_the_kpi_page_links_the_years_to_backfill(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _logged_in(db_session, auth)
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert '<h2 id="kpi-backfill-title">往年数据（补录）</h2>' in page
    for year in (2023, 2024):
        assert f'href="/assessments/{assessment.id}/kpis/earlier/{year}"' in page
    client.get("/lang/en")
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert "Earlier years (added later)" in page


def test_a_backfill_typed_with_thousands_separators_is_saved_and_marked(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _logged_in(db_session, auth)
    page = _post(
        client, assessment, 2024, hours_employees="1，610，000", lti_employees="2", drills="3"
    )
    assert "已保存" in page
    rows = {r.input_id: r.value for r in db_session.scalars(select(KpiBackfill))}
    assert rows == {"hours_employees": 1610000, "lti_employees": 2, "drills": 3}
    kpis = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert 'id="last-year-backfilled"' in kpis
    assert "1,610,000" in kpis  # the 上年（2024） column shows the backfilled figure


def test_a_refused_backfill_keeps_what_was_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _logged_in(db_session, auth)
    page = _post(client, assessment, 2024, drills="约3")
    assert 'value="约3"' in page
    assert "“约3”不是有效数字" in page
    assert db_session.scalars(select(KpiBackfill)).all() == []


def test_a_year_outside_the_window_or_another_organisation_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _logged_in(db_session, auth)
    assert client.get(f"/assessments/{assessment.id}/kpis/earlier/2022").status_code == 404
    assert client.get(f"/assessments/{assessment.id}/kpis/earlier/2025").status_code == 404
    other = start(world, world.org_b)
    db_session.commit()
    assert client.get(f"/assessments/{other.id}/kpis/earlier/2024").status_code == 403


def test_the_result_page_and_the_workbook_say_the_figures_are_self_declared(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _logged_in(db_session, auth)
    _post(client, assessment, 2024, hours_employees="1000000", lti_employees="2", drills="3")
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert (
        '<p class="help" id="kpi-backfill-note">往年数据（补录）：2024 年度的核心指标数据' in page
    )
    response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx?lang=zh")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["关键绩效指标"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "2024（补录，按计量单位）" in cells
    assert any(c.startswith("往年数据（补录）：2024 年度") for c in cells)
    audit = client.get(f"/assessments/{assessment.id}/history").get_data(as_text=True)
    assert "补录往年绩效指标（自报）" in audit


def test_the_kpi_page_says_how_much_of_each_year_is_filled_in(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """ "已补录" for 2 of 3 inputs read as done; an incomplete year counts for nothing yet."""
    _world, assessment = _logged_in(db_session, auth)
    _post(client, assessment, 2023, hours_employees="1000", lti_employees="0", drills="2")
    _post(client, assessment, 2024, hours_employees="1000", drills="2")
    words = page_words(client, f"/assessments/{assessment.id}/kpis")
    assert "2023 年度 ：已填全 3 / 3 项" in words
    assert "2024 年度 ：已填 2 / 3 项，未填全的年度不计入连续报送" in words
    # the overview agrees: 2024 still stands between this year and a longer run
    assert "补录 2024 年度的核心指标数据后" in page_words(client, f"/assessments/{assessment.id}")
    client.get("/lang/en")
    words = page_words(client, f"/assessments/{assessment.id}/kpis")
    assert "Year 2023 : all 3 of 3 inputs filled in" in words
    assert (
        "Year 2024 : 2 of 3 inputs filled in; a year not filled in completely does not count "
        "towards consecutive reporting"
    ) in words


@needs_poppler
def test_the_ladder_names_a_missing_year_still_offered_for_backfill_on_page_and_pdf(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """A rung missing 2023 said "no figures for 2023 … 2026 at the earliest" while 2023 may
    still be filled in this year (backfillcap #4): page and PDF word the way up alike."""
    world, assessment = _logged_in(db_session, auth)
    _post(client, assessment, 2024, hours_employees="1000000", lti_employees="2", drills="3")
    _post(client, assessment, 2023, drills="3")  # the LTIF's inputs of 2023 still missing
    fill_complete(assessment, world.user_a)
    db_session.commit()
    why = "本系统中缺 2023 年度的数据（2023 年度仍可补录）"
    to_raise = "在“KPI 数据”页补录 2023 年度计算该指标所需的数据后，本年度即可升至第 2 级。"
    page = page_words(client, f"/assessments/{assessment.id}/result")
    pdf = " ".join(pdf_text(fetch_scorecard(client, assessment.id, "zh").data).split())
    for words in (page, " ".join(pdf.replace(" ", "").split())):
        assert why.replace(" ", "") in words.replace(" ", "")
        assert to_raise.replace(" ", "") in words.replace(" ", "")
        assert "最早2026" not in words.replace(" ", "")
    client.get("/lang/en")
    page = page_words(client, f"/assessments/{assessment.id}/result")
    assert "no figures in this system for 2023 (2023 may still be added)" in page


@needs_poppler
def test_the_scorecard_pdf_says_a_year_is_only_partly_backfilled_as_the_kpi_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The PDF's note named 2024 as backfilled while only 2 of its 3 inputs were: a year
    the run does not count (capwords 3); the KPI page's words, in both languages."""
    world, assessment = _logged_in(db_session, auth)
    _post(client, assessment, 2023, hours_employees="1000", lti_employees="0", drills="2")
    _post(client, assessment, 2024, hours_employees="1000", drills="2")
    fill_complete(assessment, world.user_a)
    db_session.commit()
    said = "2024 年度：已填 2 / 3 项，未填全的年度不计入连续报送"
    pdf = pdf_text(fetch_scorecard(client, assessment.id, "zh").data)
    assert said.replace(" ", "") in "".join(pdf.split())
    assert "2023年度：已填" not in "".join(pdf.split())  # filled in full: nothing to add
    page = page_words(client, f"/assessments/{assessment.id}/result")
    assert said.replace(" ", "") in page.replace(" ", "")
    english = " ".join(pdf_text(fetch_scorecard(client, assessment.id, "en").data).split())
    assert "2 of 3 inputs filled in; a year not filled in completely does not count" in english
