"""The overview and the home card say the result page's ceiling (secwords #4).

A park vetoed by a larger production-safety accident read "本年度最多可评 N 星" (the KPI
reporting run's cap) on its overview while its result page said no star this year. The home
card's words: tests/browser/test_ceiling_on_home_and_overview.py (the demo's 鲁东化肥).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.home_todo import OwnTodo
from rcapp.assessments.models import Event
from rcapp.assessments.star_advice import AdviceKind, star_advice
from rcapp.assessments.views.advice_words import veto_headline
from rcapp.scoring.model import Event as ScoredEvent
from tests.conftest import AuthActions
from tests.parks import complete_park_draft
from tests.parks import real_rubrics as real_rubrics  # the fixture
from tests.web.helpers import page_words
from tests.web.test_gate_words import FIVE_STAR, RUBRIC
from tests.web.test_result_english_words import _self_assessed


def test_a_vetoed_park_reads_no_star_on_its_overview_not_the_reporting_cap(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    own, admin = complete_park_draft(Decimal(78), Decimal(78))
    db_session.add(
        Event(
            organisation_id=own.organisation_id,
            recorded_in_id=own.id,
            event_type="safety_accident",
            occurred_on=dt.date(2025, 3, 5),
            fatalities=3,
            description="储罐区火灾",
        )
    )
    db_session.commit()
    auth.login(admin.email)
    result = page_words(client, f"/assessments/{own.id}/result")
    assert "本年度无法获得星级" in result
    overview = page_words(client, f"/assessments/{own.id}")
    assert "本年度无法获得星级" in overview
    assert "目前最多可评" not in overview
    assert "本年度最多可评" not in overview
    client.get("/lang/en?next=/")
    overview = page_words(client, f"/assessments/{own.id}")
    assert "No star rating is within reach this year" in overview
    assert "At most 1 star this year" not in overview


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "重大事故隐患整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达 5 星"),
        ("en", "At most 5 stars this year once rectified (Major accident hazard)"),
    ],
)
def test_the_home_cards_veto_line_says_the_stars_after_rectifying(
    app: Flask, lang: str, said: str
) -> None:
    """The card's veto line (dashboard.html #veto-advice) takes the result page's headline."""
    day = FIVE_STAR.context.assessment_date.replace(month=3, day=5)
    inputs = dataclasses.replace(
        FIVE_STAR.inputs, events=(ScoredEvent("major_hidden_danger", day),)
    )
    card = _self_assessed(inputs).card
    advice = star_advice(card, editable=True, final=False)
    assert advice is not None
    assert advice.kind is AdviceKind.VETOED  # the card's veto line
    todo = SimpleNamespace(card=card, rubric=RUBRIC, cycle=SimpleNamespace(year=2025))
    with app.test_request_context(), force_locale(lang):
        headline = veto_headline(cast(OwnTodo, todo), lang)
    assert said in headline
    assert "无法获得" not in headline
