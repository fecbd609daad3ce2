"""Reopening a closed year shows how much time is left (and another year running) and takes a
later deadline with it (qa45 S5): reopened with a day left, nobody could submit."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat
from tests.web.helpers import page_text

WORDS = {
    "zh_CN": ("还剩 1 天", "年度正在进行（截止日期", "新的截止日期（可选）"),
    "en": ("1 day left", "is running (deadline", "New deadline (optional)"),
}


def _closed_with_next_open(db_session: Session) -> tuple[int, dt.date]:
    today = beijing_today()
    secretariat = make_secretariat(email="sec@example.cn")
    closed = make_cycle(
        year=today.year - 2,
        status=CycleStatus.CLOSED,
        closed_by_id=secretariat.id,
        deadline=today + dt.timedelta(days=1),
    )
    make_cycle(year=today.year - 1, deadline=today + dt.timedelta(days=80))
    db_session.commit()
    return closed.id, closed.deadline


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_reopen_form_shows_the_time_left_and_the_year_running(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cycle_id, _deadline = _closed_with_next_open(db_session)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/cycles/{cycle_id}/reopen")
    shown = page[page.index('id="reopen-deadline"') :].split("</p>")[0]
    assert WORDS[lang][0] in shown
    assert WORDS[lang][1] in shown
    assert WORDS[lang][2] in page


def test_a_later_deadline_is_set_with_the_reopening_and_an_earlier_one_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle_id, deadline = _closed_with_next_open(db_session)
    auth.login("sec@example.cn")
    reason = "完成一份同行评审，并给未提交的单位两周"
    earlier = client.post(
        f"/cycles/{cycle_id}/reopen", data={"reason": reason, "deadline": deadline.isoformat()}
    )
    assert earlier.status_code == 200
    assert "新的截止日期须晚于现在的截止日期" in earlier.get_data(as_text=True)
    assert reason in earlier.get_data(as_text=True)  # nothing typed is lost
    later = deadline + dt.timedelta(days=14)
    done = client.post(
        f"/cycles/{cycle_id}/reopen", data={"reason": reason, "deadline": later.isoformat()}
    )
    assert done.status_code == 302
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.field == "deadline")
    ).one()
    assert entry.entity_id == cycle_id
    assert f"截止日期已改为 {later.isoformat()}" in page_text(client, done.headers["Location"])
