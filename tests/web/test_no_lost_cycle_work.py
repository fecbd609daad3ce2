"""Two secretaries on one year or one assessment never silently overwrite each other, and
a repeated click keeps what was typed (deadline, reopen, return with notes)."""

from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat, make_world, submitted_assessment


def _shown(page: str) -> str:
    found = re.search(r'id="shown"[^>]*value="([^"]*)"', page)
    assert found is not None, "no shown deadline on the page"
    return found.group(1)


def test_a_deadline_changed_meanwhile_is_not_overwritten_and_the_date_typed_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    first = cycle.deadline
    sec = make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    shown = _shown(client.get(f"/cycles/{cycle.id}").get_data(as_text=True))
    assert shown == first.isoformat()
    # Another secretary moves the deadline while this page is open.
    theirs = beijing_today() + dt.timedelta(days=200)
    services.change_deadline(cycle, theirs, sec)
    db_session.commit()
    mine = (beijing_today() + dt.timedelta(days=150)).isoformat()
    response = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": mine, "shown": shown})
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert f"截止日期在您打开本页后已被改为 {theirs.isoformat()}" in page
    assert f'value="{mine}"' in page
    db_session.refresh(cycle)
    assert cycle.deadline == theirs
    # Saving again from the page that now shows the stored deadline overwrites on purpose.
    response = client.post(
        f"/cycles/{cycle.id}/deadline", data={"deadline": mine, "shown": _shown(page)}
    )
    assert response.status_code == 302
    db_session.refresh(cycle)
    assert cycle.deadline.isoformat() == mine


def test_reopening_twice_is_harmless_and_says_the_reason_was_not_recorded(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle(status=CycleStatus.CLOSED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    assert (
        client.post(f"/cycles/{cycle.id}/reopen", data={"reason": "补录 2024 年数据"}).status_code
        == 302
    )
    again = client.post(
        f"/cycles/{cycle.id}/reopen", data={"reason": "Late KPI data"}, follow_redirects=True
    )
    assert again.status_code == 200
    page = html.unescape(again.get_data(as_text=True))
    assert f"The year {cycle.year} has been reopened already" in page
    assert "The reason you typed was not recorded: Late KPI data" in page


def test_a_return_overtaken_by_a_colleague_keeps_the_comment_and_notes_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    assert client.get(f"/cycles/assessments/{assessment.id}/return").status_code == 200
    # A colleague returns it first.
    other = make_secretariat()
    from rcapp.assessments.services import return_assessment

    return_assessment(assessment, "请补充", other)
    db_session.commit()
    response = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "我的退回意见", "note-MS.G1.1": "承诺书未盖章"},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "您的退回意见和批注未保存，仍显示在下面" in html.unescape(page)
    assert "我的退回意见</textarea>" in page
    assert "承诺书未盖章</textarea>" in page
    assert 'type="submit" class="danger"' not in page  # nothing to return any more
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RETURNED
    assert assessment.return_comment == "请补充"


def test_the_overview_return_after_a_colleague_returned_it_quotes_the_comment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    first = client.post(f"/assessments/{assessment.id}/return", data={"comment": "请补充证据"})
    assert first.status_code == 302
    again = client.post(
        f"/assessments/{assessment.id}/return",
        data={"comment": "第二次的意见"},
        follow_redirects=True,
    )
    assert again.status_code == 200  # not a 403
    page = html.unescape(again.get_data(as_text=True))
    assert "本次退回未执行" in page
    assert "您填写的退回意见未保存：第二次的意见" in page
    db_session.refresh(assessment)
    assert assessment.return_comment == "请补充证据"
