"""An unfinished assessment of a closed year says the year is closed, on its page and at home.

Before, a returned assessment kept asking for revision after the close (badge, the
secretariat's request, no submit button, no word why), and the home page dropped the
year's card silently. The secretariat's return comment also lost its line breaks.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import World, make_world, start, submitted_assessment

CLOSED = {
    "zh_CN": "2025 年度已关闭，不能再修改或提交。",
    "en": "The year 2025 is closed: its self-assessments can no longer be changed or submitted.",
}
COMMENT = "请补充承运商评估记录。\n第二行：KPI 与台账不一致。"


def _returned(world: World) -> Assessment:
    assessment = submitted_assessment(world)
    services.return_assessment(assessment, COMMENT, world.secretariat)
    return assessment


def _close(db_session: Session, world: World) -> None:
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()


def _page(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("returned", [True, False])
def test_an_unfinished_assessment_of_a_closed_year_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, returned: bool
) -> None:
    world = make_world(2025)
    assessment = _returned(world) if returned else start(world)
    _close(db_session, world)
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")

    overview = _page(client, f"/assessments/{assessment.id}")
    assert CLOSED[lang] in overview
    assert f'action="/assessments/{assessment.id}/submit"' not in overview
    home = _page(client, "/")
    assert CLOSED[lang] in home  # the closed year's card, not nothing
    assert f'href="/assessments/{assessment.id}"' in home


def test_a_submitted_assessment_of_a_closed_year_has_no_such_notice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    assessment = submitted_assessment(world)
    _close(db_session, world)
    auth.login(world.user_a.email)
    assert CLOSED["zh_CN"] not in _page(client, f"/assessments/{assessment.id}")
    assert CLOSED["zh_CN"] not in _page(client, "/")


def test_an_open_year_has_no_such_notice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    assessment = _returned(world)
    db_session.commit()
    auth.login(world.user_a.email)
    assert CLOSED["zh_CN"] not in _page(client, f"/assessments/{assessment.id}")
    assert CLOSED["zh_CN"] not in _page(client, "/")


def test_the_return_comment_keeps_its_line_breaks(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    assessment = _returned(world)
    world.cycle.status = CycleStatus.OPEN
    db_session.commit()
    auth.login(world.user_a.email)
    kept = re.compile(r'class="keep-lines">(<span[^>]*>)?请补充承运商评估记录。\n第二行')
    assert kept.search(client.get(f"/assessments/{assessment.id}").get_data(as_text=True))
    assert kept.search(client.get("/").get_data(as_text=True))
    css = (client.application.static_folder or "") + "/css/app.css"
    with open(css, encoding="utf-8") as stylesheet:
        assert ".keep-lines { white-space: pre-line; }" in stylesheet.read()
