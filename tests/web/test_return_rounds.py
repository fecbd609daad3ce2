"""Every return is a round: the item notes shown are those of the latest return, or none."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment

OLD_NOTE = "旧批注：缺少演练记录"
NEW_NOTE = "新批注：承诺书未盖章"


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _in_both_languages(client: FlaskClient, url: str) -> list[str]:
    pages = [_page(client, url)]
    client.get("/lang/en")
    pages.append(_page(client, url))
    client.get("/lang/zh_CN")
    return pages


def test_a_plain_return_after_one_with_notes_shows_no_old_notes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    org, sec = world.user_a.email, world.secretariat.email
    returns = f"/cycles/assessments/{assessment.id}/return"
    c1, ms = (f"/assessments/{assessment.id}/sections/{s}" for s in ("C1", "MS"))

    def as_user(email: str) -> None:
        auth.logout()
        auth.login(email)

    # Return 1, with a note on C1.E1.1: the organisation sees it (and the pages are kept).
    auth.login(sec)
    first = {"comment": "第一次退回", "note-C1.E1.1": OLD_NOTE}
    assert client.post(returns, data=first).status_code == 302
    as_user(org)
    for page in _in_both_languages(client, c1):
        assert OLD_NOTE in page
    assert client.post(f"/assessments/{assessment.id}/submit").status_code == 302

    # Return 2, a general comment only, from the assessment overview.
    as_user(sec)
    plain = {"comment": "第二次退回：请核对数据"}
    assert client.post(f"/assessments/{assessment.id}/return", data=plain).status_code == 302
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RETURNED
    as_user(org)
    zh, en = _in_both_languages(client, c1)
    for page in (zh, en):
        assert OLD_NOTE not in page
        assert 'class="return-note"' not in page
    assert "第二次退回" in _page(client, f"/assessments/{assessment.id}")
    assert "另有 1 条针对具体评价项的意见" not in _page(client, "/")
    assert client.post(f"/assessments/{assessment.id}/submit").status_code == 302

    # The return page offers empty notes, nothing of an earlier return.
    as_user(sec)
    for page in _in_both_languages(client, returns):
        assert 'name="note-C1.E1.1"' in page
        assert OLD_NOTE not in page

    # Return 3, with a new note on another item: only that note shows.
    third = {"comment": "第三次退回", "note-MS.G1.1": NEW_NOTE}
    assert client.post(returns, data=third).status_code == 302
    as_user(org)
    for page in _in_both_languages(client, ms):
        assert NEW_NOTE in page
        assert OLD_NOTE not in page
    for page in _in_both_languages(client, c1):
        assert OLD_NOTE not in page
        assert 'class="return-note"' not in page
    assert "另有 1 条针对具体评价项的意见" in _page(client, "/")
