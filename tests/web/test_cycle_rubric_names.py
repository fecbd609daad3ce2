"""The cycle pages name the pinned rubrics by their title, not by their file id (found by hqa).

The secretariat read "rc-company v1" on the year's page and in the list of years: an internal
key. A rubric file that no longer loads still shows its id, so the page never fails.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat


def test_cycle_pages_show_the_rubric_title_in_the_users_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle(park_rubric_id="gone-park")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    for url in (f"/cycles/{cycle.id}", "/cycles/"):
        page = client.get(url).get_data(as_text=True).split("<main", 1)[1]
        assert "迷你企业评价细则（第1版）" in page, url
        assert "mini-company v1" not in page, url
        assert "gone-park v1" in page, url  # a missing file still shows its id


def test_english_cycle_pages_show_the_english_rubric_title(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    # Switch first: the test's app context keeps the locale of its first page.
    assert client.get("/lang/en").status_code == 302
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    assert "Mini company rubric (version 1)" in page


def test_the_rubric_choices_of_a_new_year_use_the_pages_brackets(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    zh = client.get("/cycles/new").get_data(as_text=True)
    # The title and version as every page names them, never the file id (QA8 S3).
    assert "迷你企业评价细则（第1版） · 尚未用于任何年度" in zh
    assert "mini-company" not in zh.split("<main", 1)[1].replace('value="mini-company@1"', "")
    assert client.get("/lang/en").status_code == 302
    en = client.get("/cycles/new").get_data(as_text=True)
    assert "Mini company rubric (version 1) · not used for any year yet" in en
    assert "（" not in en.split("<main", 1)[1]


def test_the_rubric_choices_say_the_years_each_version_was_used_for(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA13 S22: "第1版 · 2025 年度起适用" beside the version the 2023 and 2024 years used.

    The published files' effective_year (2025 for all) is not when a version was used, and
    a pinned file cannot be corrected: the choices say the years the cycles used it for.
    """
    make_cycle(year=2023)
    make_cycle(year=2024)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    zh = client.get("/cycles/new").get_data(as_text=True)
    assert "迷你企业评价细则（第1版） · 已用于 2023、2024 年度" in zh
    assert "年度起适用" not in zh
    assert client.get("/lang/en").status_code == 302
    en = client.get("/cycles/new").get_data(as_text=True)
    assert "Mini company rubric (version 1) · used for 2023, 2024" in en
