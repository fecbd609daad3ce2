"""A park's safety-risk grade is stated beside its score (parkgrade, QA as linhai-park.admin).

The pages showed PK-SR-01 = 78 but never "安全风险等级：C 级（一般安全风险，评分 78）": the grade
appeared only inside star conditions, and on item PK3.E1.1 "等级" was the maturity level. The
grades are rubric data (rc-park's errata `kpi_grades`); the result page, the overview, the
scorecard PDF and the results workbook state the grade with its band name, the score and what
it allows, and the item's note keeps 成熟度等级 apart from the 安全风险等级.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.reports import documents
from tests.conftest import AuthActions
from tests.parks import complete_park_draft
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.helpers import member_with_assessment, page_words

GRADE = {
    "zh": "安全风险等级 C 级（一般安全风险，评分 78） C 级最多可评 3 星，4 星须达到 D 级",
    "en": "Safety-risk grade C (ordinary risk, score 78) Grade C allows 3 stars at most; "
    "4 stars need grade D",
}


def _logged_in(
    db_session: Session, auth: AuthActions, item: int, kpi: int, lang: str
) -> Assessment:
    """A park's draft with its risk score typed as `item` and `kpi`, its admin logged in."""
    own, admin = complete_park_draft(Decimal(item), Decimal(kpi))
    db_session.commit()
    auth.login(admin.email)
    auth.choose_language(lang)
    return own


LINE = {
    "zh": "安全风险等级：C 级（一般安全风险，评分 78）。C 级最多可评 3 星，4 星须达到 D 级",
    "en": "Safety-risk grade: C (ordinary risk, score 78). Grade C allows 3 stars at most; "
    "4 stars need grade D",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["/result", ""])
def test_the_park_pages_state_the_grade_and_what_it_allows(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    page: str,
) -> None:
    own = _logged_in(db_session, auth, 78, 78, lang)
    assert GRADE[lang] in page_words(client, f"/assessments/{own.id}{page}")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "数值 55 对应成熟度等级 0：此等级无需证据。"
            "安全风险等级：A 级（高安全风险，评分 55）。A 级不能评星，评星须达到 B 级。",
        ),
        (
            "en",
            "The number 55 gives maturity level 0: this level needs no evidence. "
            "Safety-risk grade: A (high risk, score 55). Grade A allows no star; "
            "a star needs grade B.",
        ),
    ],
)
def test_the_risk_score_item_says_its_grade_apart_from_its_maturity_level(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    said: str,
) -> None:
    own = _logged_in(db_session, auth, 55, 55, lang)
    words = page_words(client, f"/assessments/{own.id}/sections/PK3")
    assert said in words
    assert "对应等级" not in words


def test_a_company_result_states_no_risk_grade(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    assert "安全风险等级" not in page_words(client, f"/assessments/{assessment.id}/result")


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_pdf_states_the_grade(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    own, _admin = complete_park_draft(Decimal(78), Decimal(78))
    db_session.commit()
    with app.test_request_context():
        text = " ".join(pdf_text(documents.scorecard_pdf(own, lang)).split())
    assert LINE[lang].replace(" ", "") in text.replace(" ", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_results_workbook_states_the_grade(
    app: Flask, db_session: Session, real_rubrics: None, lang: str
) -> None:
    own, _admin = complete_park_draft(Decimal(78), Decimal(78))
    db_session.commit()
    with app.test_request_context():
        book = openpyxl.load_workbook(io.BytesIO(documents.results_workbook(own, lang)))
    facts = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    label, rest = LINE[lang].split("：" if lang == "zh" else ": ", 1)
    assert facts[label] == rest


@pytest.mark.parametrize(
    ("lang", "colon"), [("zh", "请改为一致后再提交：<a"), ("en", "then submit: <a")]
)
def test_the_refused_submit_lists_a_differing_figure_with_the_languages_colon(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    lang: str,
    colon: str,
) -> None:
    own = _logged_in(db_session, auth, 78, 74, lang)
    response = client.post(f"/assessments/{own.id}/submit", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请改为一致后再提交: " not in page
    assert colon in page
