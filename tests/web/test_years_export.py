"""The years page (历年对比) downloads as a workbook and prints without the chrome (qa71 M1)."""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

WORDS = {
    "zh_CN": ("年度", "总分", "不可比*", "2025（填写中（暂定））", "星级：", "自评星级"),
    "en": (
        "Year",
        "Overall score",
        "Not comparable*",
        "2025 (Being filled (provisional))",
        "Stars: ",
        "Self-assessed stars",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_years_table_downloads_with_its_marks_and_notes(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    page = client.get(f"/benchmarks/organisations/{current.organisation_id}/years")
    url = f"/reports/organisations/{current.organisation_id}/years.xlsx"
    assert url in html.unescape(page.get_data(as_text=True))
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, row in enumerate(cells) if row[0] == WORDS[lang][0])
    notes = [row[0] for row in cells[:header_at]]
    header = cells[header_at]
    body = {row[0]: row[1:] for row in cells[header_at + 1 :]}
    _year, total, mark, draft, stars, self_stars = WORDS[lang]
    assert header[1:] == ["2024", draft]
    assert body[total][0] == mark  # 2024 under rubric v1 does not compare with v2
    assert isinstance(body[total][1], float | int)  # the latest year's score, a number
    # The page's footnotes come along as text: why 2024 does not compare, and that the
    # stars were awarded by other rules.
    assert any(str(n).startswith("* ") and "MS.G4.3" in str(n) for n in notes)
    assert any(str(n).startswith(f"* {stars}") for n in notes)
    assert str(body[self_stars][0]).endswith(f"{mark}）" if lang == "zh_CN" else f"{mark})")
    assert sheet.auto_filter.ref == f"A{header_at + 1}:C{len(cells)}"


def test_another_organisation_cannot_download_the_years(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    _user, _last, current = second_year(db_session)
    stranger = make_user(make_organisation())
    db_session.commit()
    auth.login(stranger.email)
    response = client.get(f"/reports/organisations/{current.organisation_id}/years.xlsx")
    assert response.status_code == 403


def test_the_years_page_prints_without_the_site_chrome(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    page = client.get(f"/benchmarks/organisations/{current.organisation_id}/years")
    text = page.get_data(as_text=True)
    assert 'media="print" href="/static/css/years-print.css"' in text
    with client.get("/static/css/years-print.css") as sheet:
        css = sheet.get_data(as_text=True)
    assert "size: A4 landscape" in css
    assert ".site-header" in css
