"""The result page's markup for a phone (testers: very long, radar labels unreadable at 390 px).

The radar carries a short code per section (shown instead of the names by app.css on a
narrow screen) and a key naming each code; star bands whose conditions are all met and the
element scores fold away in <details>; the KPI cells carry their column's name for the
card layout. The browser test (tests/browser/test_result_page_on_a_phone.py) measures it.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.scoring import Scorecard
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import result_page


def _submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str = "zh_CN"
) -> tuple[str, Scorecard, int]:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    card = services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    return result_page(client, assessment.id), card, assessment.id


def test_radar_axes_carry_section_codes_and_a_key_names_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page, card, _id = _submitted(client, db_session, auth)
    codes = re.findall(r'<text [^>]*class="axis-code"[^>]*><tspan [^>]*>([^<]*)</tspan>', page)
    assert codes == [s.section_id for s in card.sections] == ["MS", "C1", "C6"]
    key = re.search(r'<dl class="radar-legend">(.*?)</dl>', page, re.S)
    assert key is not None
    rows = re.findall(
        r'<dt><span class="item-id">([^<]*)</span> ([^<]*)</dt><dd class="num">([^<]*)</dd>',
        key.group(1),
    )
    assert [(code, name) for code, name, _score in rows] == [
        ("MS", "管理体系"),
        ("C1", "社区认知和应急响应"),
        ("C6", "产品安全监管"),
    ]
    assert [score for _c, _n, score in rows] == [f"{s.score:.1f}" for s in card.sections]


def test_met_star_bands_and_element_scores_fold_away(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page, card, assessment_id = _submitted(client, db_session, auth)
    bands = re.findall(r'<details class="fold band"( open data-phone-fold)?>', page)
    assert [opened != "" for opened in bands] == [not b.passed for b in card.rating.bands]
    assert any(b.passed for b in card.rating.bands)  # one folded, at least
    # Every gate is still in the page, folded or not.
    gates = sum(len(band.gates) for band in card.rating.bands)
    shown = [page.count(f'<li class="gate-{mark}">') for mark in ("pass", "wait", "fail")]
    assert sum(shown) == gates
    folds = re.findall(
        r'<details class="fold section-elements" id="section-\w+" open data-phone-fold>\s*'
        r'<summary><span class="fold-name">([^<]*)</span>'
        r' <strong class="fold-score">([^<]*)</strong></summary>',
        page,
    )
    assert folds == [(s.title.get("zh_CN"), f"{s.score:.1f}") for s in card.sections]
    assert f'href="/assessments/{assessment_id}/sections/C1"' in page


@pytest.mark.parametrize(("lang", "unit"), [("zh_CN", "计量单位"), ("en", "Unit")])
def test_kpi_cells_carry_their_column_name_for_the_phone_cards(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, unit: str
) -> None:
    page, card, _id = _submitted(client, db_session, auth, lang)
    table = re.search(r'aria-labelledby="kpi-title">(.*?)</table>', page, re.S)
    assert table is not None
    assert table.group(1).count(f'data-label="{unit}"') == len(card.kpis)
    assert '<div class="cards-on-phone">' in page
