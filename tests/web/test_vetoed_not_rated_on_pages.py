"""A result a veto left without any star reads 未评定（一票否决） / Not rated (veto) on every
page, as the documents say it (rating_words), never "0 星"; a plain 0-star result stays 0 星.

Both are stored with 0 stars; the kept scorecard says why (queries.rated_stars `vetoed`).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import queries, services
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import EventInput
from rcapp.cycles import services as cycle_services
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_secretariat, make_world, start

FATAL = EventInput(
    event_type="safety_accident",
    grade="larger",
    occurred_on=(local_today() - dt.timedelta(days=30)).isoformat(),
    fatalities="3",
    description="储罐区火灾",
)
WORDS = {"zh_CN": ("未评定（一票否决）", "0 星"), "en": ("Not rated (veto)", "0 stars")}
# The home page's provisional result, in one sentence rather than "(veto) (provisional)".
HOME_WORDS = {"zh_CN": "未评定（一票否决，暂定）", "en": "Not rated: veto — provisional"}


def _says_zero_stars(text: str, words: str = "0 星") -> bool:
    """Whether `text` rates something "0 星" / "0 stars" ("100 星级" is no rating)."""
    return re.search(rf"(?<![\d.]){re.escape(words)}(?!级)", text) is not None


def _vetoed(db_session: Session) -> tuple[World, Assessment]:
    """Organisation A's complete self-assessment, submitted with a fatal accident (veto)."""
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.add_event(assessment, rubric, FATAL, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    assert assessment.stars == 0
    return world, assessment


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = re.sub(r"<script.*?</script>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_rated_stars_says_which_zero_star_result_a_veto_made(db_session: Session) -> None:
    world, assessment = _vetoed(db_session)
    plain = start(world, world.org_b)
    fill_complete(plain, world.user_b)
    services.submit_assessment(plain, world.user_b)
    db_session.commit()
    found = queries.rated_stars([assessment.id, plain.id])
    assert found[assessment.id].vetoed
    assert found[assessment.id].self_assessed
    assert plain.id not in found  # not vetoed: its stars stored at submit stand


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_organisations_pages_say_not_rated_for_a_veto(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = _vetoed(db_session)
    auth.login(_world.user_a.email)
    client.get(f"/lang/{lang}")
    veto, zero = WORDS[lang]
    pages = ["/", "/assessments/", f"/assessments/{assessment.id}", "/result"]
    for url in pages:
        if url == "/result":
            url = f"/assessments/{assessment.id}/result"
        text = _text(client, url)
        assert (HOME_WORDS[lang] if url == "/" else veto) in text, url
        assert not _says_zero_stars(text, zero), url


def test_the_secretariat_roster_says_not_rated_for_a_veto(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _assessment = _vetoed(db_session)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    text = _text(client, f"/cycles/{world.cycle.id}/organisations")
    assert "未评定（一票否决）" in text
    rows = text.split("操作", 1)[1]  # the table: the star filter offers "0 星" as a choice
    assert not _says_zero_stars(rows)


def test_a_closed_years_vetoed_result_is_published_as_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _vetoed(db_session)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    assert queries.rated_stars([assessment.id])[assessment.id].frozen
    auth.login(world.user_a.email)
    text = _text(client, "/")
    published = text.split("已发布的结果")[1]
    assert "未评定（一票否决）" in published
    assert not _says_zero_stars(published)
