"""The park safety-risk score typed twice: item PK3.E1.1 and KPI PK-SR-01 (qa64 M1).

The rubric ties them (`same_figure_as`, through the park rubrics' errata). Where both are
filled and differ, the section page (at save) and the KPI page name both values and link
each other, and submitting is refused naming the item and the KPI; where one is empty,
the other's value is offered.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.accounts.models import User
from rcapp.assessments.data_doubts import data_doubts
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.parks import REGISTRY, complete_park_draft
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.web.browser_form import submitted_values
from tests.web.helpers import page_words

PARK = REGISTRY.get("rc-park", 2)
ITEM, INPUT = "PK3.E1.1", "risk_score"


def _draft(item: Decimal | None, kpi: Decimal | None) -> tuple[Assessment, User]:
    return complete_park_draft(item, kpi)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_differing_pair_is_said_on_both_pages_and_refuses_the_submit(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    own, admin = _draft(Decimal(78), Decimal(74))
    db_session.commit()
    auth.login(admin.email)
    auth.choose_language(lang)
    section_url = f"/assessments/{own.id}/sections/PK3"
    kpi_url = f"/assessments/{own.id}/kpis"

    for url in (section_url, kpi_url):
        html = client.get(url).get_data(as_text=True)
        panel = html[html.index('id="same-figures"') :]
        panel = panel[: panel.index("</section>")]
        words = " ".join(re.sub(r"<[^>]+>", " ", panel).split())
        for said in ("PK3.E1.1", "PK-SR-01", "78", "74"):
            assert said in words, words
        assert f'href="{section_url}#item-PK3.E1.1"' in panel
        assert f'href="{kpi_url}#kpi-risk_score"' in panel
        if lang == "en":
            assert "Item PK3.E1.1 is 78" in words, words
            assert not re.search(r"[\u4e00-\u9fff]", words), words

    response = client.post(f"/assessments/{own.id}/submit", data={})
    assert response.status_code == 422
    db_session.refresh(own)
    assert own.status is AssessmentStatus.DRAFT
    words = " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())
    expected = (
        "Item PK3.E1.1 is 78 and KPI data PK-SR-01 is 74"
        if lang == "en"
        else "评价项 PK3.E1.1 填报 78，KPI 数据 PK-SR-01 填报 74"
    )
    assert expected in words, words[:3000]


def test_saving_the_section_warns_and_agreeing_figures_submit(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    own, admin = _draft(Decimal(74), Decimal(74))
    db_session.commit()
    auth.login(admin.email)
    auth.choose_language("en")
    url = f"/assessments/{own.id}/sections/PK3"
    assert 'id="same-figures"' not in client.get(url).get_data(as_text=True)

    fields = [
        (name, "78" if name == f"{ITEM}__value" else value)
        for name, value in submitted_values(client.get(url).get_data(as_text=True))
    ]
    assert any(value == "78" for _name, value in fields), fields
    saved = client.post(url, data=MultiDict(fields), follow_redirects=True).get_data(as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", " ", saved).split())
    assert "Saved, but item PK3.E1.1 and KPI data PK-SR-01 differ" in words, words[:3000]
    assert 'id="same-figures"' in saved

    # Put right on the KPI page: the pair agrees, the panel is gone, the submit goes through.
    kpi_url = f"/assessments/{own.id}/kpis"
    kpi_fields = [
        (name, "78" if name == f"{INPUT}__value" else value)
        for name, value in submitted_values(client.get(kpi_url).get_data(as_text=True), 1)
    ]
    kept = client.post(kpi_url, data=MultiDict(kpi_fields), follow_redirects=True).get_data(
        as_text=True
    )
    assert 'id="same-figures"' not in kept
    submitted = client.post(f"/assessments/{own.id}/submit", data={})
    db_session.refresh(own)
    assert own.status is AssessmentStatus.SUBMITTED, submitted.status_code


@pytest.mark.parametrize(
    ("item", "kpi", "url", "offer"),
    [
        (None, Decimal(74), "sections/PK3", "KPI data PK-SR-01 is 74"),
        (Decimal(78), None, "kpis", "Item PK3.E1.1 is 78"),
    ],
)
def test_an_empty_figure_is_offered_the_other(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    item: Decimal | None,
    kpi: Decimal | None,
    url: str,
    offer: str,
) -> None:
    own, admin = _draft(item, kpi)
    db_session.commit()
    auth.login(admin.email)
    auth.choose_language("en")
    words = page_words(client, f"/assessments/{own.id}/{url}")
    assert offer in words, words[:3000]


RESULT_SAID = {
    "zh": "评价项 PK3.E1.1 填报 55，KPI 数据 PK-SR-01 填报 78，但两处报告的是同一数值",
    "en": "Item PK3.E1.1 is 55 and KPI data PK-SR-01 is 78, but both report the same figure",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_page_and_the_reviewers_say_a_differing_pair(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    """parkshare #3: the result page said 条件全部满足 and nothing of 55 against 78."""
    own, admin = _draft(Decimal(55), Decimal(78))
    db_session.commit()
    auth.login(admin.email)
    auth.choose_language(lang)
    html = client.get(f"/assessments/{own.id}/result").get_data(as_text=True)
    assert 'id="same-figures"' in html
    panel = html[html.index('id="same-figures"') :]
    panel = panel[: panel.index("</section>")]
    words = " ".join(re.sub(r"<[^>]+>", " ", panel).split())
    assert RESULT_SAID[lang] in words, words
    assert f'href="/assessments/{own.id}/kpis#kpi-{INPUT}"' in panel
    # the reviewers' 请核对 list (data_doubts) carries the same sentence
    with client.application.test_request_context():
        doubts = data_doubts(own, rubric_of(own), "zh", [])
    # (in the language the request context resolves to: either wording names both figures)
    said = [text for text in doubts.figures if any(w in text for w in RESULT_SAID.values())]
    assert said, doubts.figures
    assert doubts.count == len(doubts.kpis.texts) + len(doubts.figures)


def test_the_result_page_is_silent_on_an_agreeing_pair(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    own, admin = _draft(Decimal(78), Decimal(78))
    db_session.commit()
    auth.login(admin.email)
    html = client.get(f"/assessments/{own.id}/result").get_data(as_text=True)
    assert 'id="same-figures"' not in html
