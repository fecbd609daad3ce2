"""The years page (历年对比) downloads as a workbook and prints without the chrome (qa71 M1)."""

from __future__ import annotations

import html
import io
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.reports import data_years
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
    assert str(body[self_stars][0]).endswith(
        "（不可比*）" if lang == "zh_CN" else "(not comparable*)"
    )
    # each year's cap on self-assessed stars, as the page's row (rc-company v1: 2, v2: 1)
    cap = "评审前自评星级上限" if lang == "zh_CN" else "Most self-assessed stars before peer review"
    assert body[cap] == (["2 星", "1 星"] if lang == "zh_CN" else ["2 stars", "1 star"])
    if lang == "en":  # enwords 6: English separators, one bracket, no "；" nor ":Management"
        texts = [str(c) for row in cells for c in row if isinstance(c, str)]
        assert not [t for t in texts if "；" in t or "：" in t]
        assert not [t for t in texts if "*) (" in t]
        assert any("(added, dropped, merged or split): " in t for t in texts)
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


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh_CN", "1 星（不可比*，自评）"), ("en", "1 star (not comparable*, self-assessed)")],
)
def test_final_stars_say_their_asides_in_one_bracket(app: Flask, lang: str, said: str) -> None:
    """enwords 6: "1 star (Not comparable*) (self-assessed)", two brackets in a row."""
    row = SimpleNamespace(
        final_stars=1,
        final_rated=True,
        final_vetoed=False,
        final_self=True,
        final_contested=False,
        compares=SimpleNamespace(stars=False),
    )
    with app.test_request_context(), force_locale(lang):
        assert data_years._final_stars(row, "en" if lang == "en" else "zh") == said  # type: ignore[arg-type]
