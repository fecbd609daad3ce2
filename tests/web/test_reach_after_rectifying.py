"""A hazard's veto ends on rectification: the ceiling says the stars after rectifying and what
lifts it, on the result page and in its PDF (they share the words), not "1 star this year"
(qa capwords 1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.views.result_page import build_result_page
from rcapp.scoring.model import Event as ScoredEvent
from tests.conftest import AuthActions
from tests.parks import complete_park_draft
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import page_words
from tests.web.test_gate_words import FIVE_STAR, RUBRIC
from tests.web.test_result_english_words import _self_assessed


@pytest.mark.parametrize(
    ("lang", "headline", "todo"),
    [
        (
            "zh",
            "重大事故隐患整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达 5 星",
            "整改重大事故隐患，完成后在“事件登记”中勾选“整改措施已完成”",
        ),
        (
            "en",
            "At most 5 stars this year once rectified (Major accident hazard) and marked "
            "“Corrective action completed” on the Events page",
            "Rectify: Major accident hazard; then tick “Corrective action completed” on the "
            "Events page",
        ),
    ],
)
def test_an_unrectified_hazard_leaves_the_top_band_within_reach_this_year(
    app: Flask, lang: str, headline: str, todo: str
) -> None:
    day = FIVE_STAR.context.assessment_date.replace(month=3, day=5)
    inputs = dataclasses.replace(
        FIVE_STAR.inputs, events=(ScoredEvent("major_hidden_danger", day),)
    )
    with app.test_request_context(), force_locale(lang):
        page = build_result_page(RUBRIC, _self_assessed(inputs), lang)

    assert page.card.rating.stars == 1  # the veto holds today
    assert page.reach is not None
    assert (page.reach.headline, page.reach.year_stars) == (headline, 5)
    assert todo in page.reach.todo


def test_a_rectified_hazard_leaves_nothing_to_rectify(app: Flask) -> None:
    day = FIVE_STAR.context.assessment_date.replace(month=3, day=5)
    done = ScoredEvent("major_hidden_danger", day, resolved=True)
    inputs = dataclasses.replace(FIVE_STAR.inputs, events=(done,))
    with app.test_request_context(), force_locale("zh"):
        page = build_result_page(RUBRIC, _self_assessed(inputs), "zh")

    assert page.reach is not None
    assert page.reach.headline == "本年度最高可达 5 星"
    assert not any("整改" in text for text in page.reach.todo)


def open_hazard(own: Assessment) -> Event:
    """A major accident hazard of March 2025, not rectified, in the draft's events register."""
    return Event(
        organisation_id=own.organisation_id,
        recorded_in_id=own.id,
        event_type="major_hidden_danger",
        occurred_on=dt.date(2025, 3, 5),
        description="储罐区防火堤破损",
    )


@needs_poppler
def test_the_result_page_and_the_scorecard_pdf_say_the_ceiling_after_rectifying(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """A park's unrectified major hazard (rc-park v2 V8, one star at most until rectified)."""
    own, admin = complete_park_draft(Decimal(78), Decimal(78))
    db_session.add(open_hazard(own))
    db_session.commit()
    auth.login(admin.email)
    said = "重大事故隐患整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达 5 星"
    page = page_words(client, f"/assessments/{own.id}/result")
    assert said in page
    assert "本年度最高可达 1 星" not in page
    pdf = "".join(pdf_text(fetch_scorecard(client, own.id, "zh").data).split())
    assert said.replace(" ", "") in pdf
    english = " ".join(pdf_text(fetch_scorecard(client, own.id, "en").data).split())
    assert "At most 5 stars this year once rectified (Major accident hazard" in english
