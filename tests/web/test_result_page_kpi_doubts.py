"""The result page flags an implausible KPI figure as the KPI page does (QA9 S3).

A typo saved with only a "ten times last year" note on the KPI page went on to the result
page as a rate nobody would believe, without a word; it is now named there too.

qa14 S3: without the KPI page's "(saved)" (nothing is saved on a result page), and not for
small counts in both years; a core count going to 0 is not "tenfold" (1 -> 0 Tier 1 events
was) but, since qa49 M9, a drop to 0 worth a second look of its own.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_world, mark_reported, start


def _result(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    this_year: str,
    lang: str = "zh",
    last_year: str = "3",
) -> str:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    rubric = rubric_of(last)
    services.save_kpi_inputs(last, rubric, {"drills": KpiEntry(last_year)}, world.user_a)
    mark_reported(last)  # last year counts only as a reported year
    assessment = start(world)
    services.save_kpi_inputs(assessment, rubric, {"drills": KpiEntry(this_year)}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    if lang == "en":
        client.get("/lang/en")
    response = client.get(f"/assessments/{assessment.id}/result")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_a_tenfold_jump_is_flagged_on_the_result_page_with_the_kpi_pages_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _result(client, db_session, auth, "40")

    assert 'id="kpi-doubts"' in page
    assert "与去年的 3 相差十倍以上，请核对。" in page
    assert "已保存" not in page
    assert 'href="#kpi-doubts">请核对</a>' in page  # beside the KPI computed from it


def test_the_flag_is_in_english_on_english_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _result(client, db_session, auth, "40", "en")

    assert 'id="kpi-doubts"' in page
    assert "相差十倍" not in page
    assert "differs more than tenfold from last year’s 3; please check." in page
    assert "(saved)" not in page


def test_a_plausible_figure_is_not_flagged(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _result(client, db_session, auth, "4")

    assert 'id="kpi-doubts"' not in page


def test_small_counts_in_both_years_are_not_flagged(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _result(client, db_session, auth, "9", last_year="1")

    assert 'id="kpi-doubts"' not in page


@pytest.mark.parametrize("last_year", ["1", "3"])
def test_a_core_count_going_to_zero_is_flagged_as_such_not_as_tenfold(
    client: FlaskClient, db_session: Session, auth: AuthActions, last_year: str
) -> None:
    """qa49 M9: 3 Tier-1 PSEs → 0 raised no question; the mini rubric's drills are core."""
    page = _result(client, db_session, auth, "0", last_year=last_year)

    assert f"去年为 {last_year}，今年为 0，核心指标 CA-01" in html.unescape(page)
    assert "相差十倍" not in page


def test_a_large_count_falling_tenfold_is_still_flagged(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _result(client, db_session, auth, "4", last_year="50")

    assert "与去年的 50 相差十倍以上，请核对。" in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "：本年 40，与去年的 3 相差十倍以上，请核对。"),
        ("en", ": this year’s 40 differs more than tenfold from last year’s 3; please check."),
    ],
)
def test_a_stored_doubt_gives_this_years_figure_beside_last_years(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    """qa62 3c: the reviewer's and lead's 请核查 (the same doubts) gave last year's figure only."""
    page = _result(client, db_session, auth, "40", lang)

    assert words in page
