"""A result that is not rated has one name: 未评定 / Not rated, as on every other list.

The annual workbook's result table and star distribution are lists (the park page counts
the same way). The result page, the scorecard and the results workbook present one result:
they say 未评定 too, with why (the glossary names no other term, and English already said
"Not rated" for both).
"""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import FULL_ANSWERS, fill_complete, make_world, start
from tests.factories_reviews import make_review_world
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard

REASON = {"zh": "未评定 （前置条件未全部满足）", "en": "Not rated (not all prerequisites are met)"}


def test_the_annual_workbook_lists_a_result_not_rated_as_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2, unmet=[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "不予评级" not in values
    results = book.worksheets[0]
    row = next(r for r in results.iter_rows(values_only=True) if world.companies[0].name_zh in r)
    assert "未评定" in row
    counts = [r for s in book for r in s.iter_rows(values_only=True) if r and r[0] == "未评定"]
    assert [r[1] for r in counts] == [1]  # the star distribution: one result not rated


def test_the_results_workbook_and_the_result_page_say_not_rated_with_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1, unmet=[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    assessment = world.assessments[0]
    for lang, query in (("zh", ""), ("en", "?lang=en")):
        response = client.get(f"/reports/assessments/{assessment.id}/results.xlsx{query}")
        summary = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
        label = "星级" if lang == "zh" else "Star rating"
        assert [r[1] for r in summary.iter_rows(values_only=True) if r[0] == label] == [
            REASON[lang]
        ]
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert '<strong id="not-rated">未评定 （前置条件未全部满足）</strong>' in page
    assert "不予评级" not in page
    # names the prerequisite with its text (qa34 S6)
    assert "前置条件 P1（法定代表人签署责任关怀承诺书）未满足，因此未评定" in page
    assert f'<a href="/assessments/{assessment.id}/prerequisites">查看前置条件</a>' in page


@needs_poppler
def test_the_scorecard_says_not_rated_with_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(1, unmet=[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    response = fetch_scorecard(client, world.assessments[0].id)
    text = " ".join(pdf_text(response.data).split())
    assert "未评定" in text
    assert "前置条件未全部满足" in text
    assert "不予评级" not in text


@needs_poppler
def test_zero_stars_read_as_the_app_counts_stars_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa9 S11: the English scorecard said "☆☆☆☆☆ 0-star"; lists say "0 stars"."""
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    for section_id, answers in FULL_ANSWERS.items():
        zero = {
            item_id: replace(
                typed, level="0" if typed.level else None, value="0" if typed.value else None
            )
            for item_id, typed in answers.items()
        }
        assert services.save_section(assessment, rubric, section_id, zero, world.user_a).ok
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/lang/en")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "<span>Below 1 star</span>" in page  # vcnames 3: not "0 stars"
    response = fetch_scorecard(client, assessment.id, "en")
    text = " ".join(pdf_text(response.data).split())
    assert "Below 1 star" in text  # the scorecard PDF as the page (vcnames 3)
    assert "0 stars" not in text
    assert "0-star" not in text
