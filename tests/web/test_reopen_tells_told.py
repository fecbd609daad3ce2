"""QA36 D1: reopening a year withdraws its unsent closure notices and says it is open again.

Before, the "年度已关闭，现已不能再修改或提交" mails queued by the close stayed in the outbox
and went out after the reopening, and nobody was told the year could be worked on again.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start


@pytest.fixture
def worker_not_yet_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outbox waits for the worker: nothing is sent during the requests."""
    monkeypatch.setattr("rcapp.cycles.views.closing.deliver_outbox", lambda: (0, 0))


def _mails(session: Session, kind: str) -> list[OutboxMessage]:
    session.expire_all()
    statement = select(OutboxMessage).where(OutboxMessage.kind == kind)
    return list(session.scalars(statement.order_by(OutboxMessage.id)))


@pytest.mark.usefixtures("worker_not_yet_sent")
def test_reopening_withdraws_the_closure_notices_and_tells_the_same_organisations(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    for organisation in (world.org_a, world.org_b):
        organisation.commitment_status = CommitmentStatus.SIGNED
    start(world, world.org_a)
    start(world, world.org_b)
    english = make_user(world.org_b, email="en@example.cn", language="en")
    deadline = beijing_today() + dt.timedelta(days=20)
    world.cycle.deadline = deadline
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}"
    assert client.post(f"{url}/close", data={"confirmed": "1"}).status_code == 302
    closed = _mails(db_session, "year.close")
    assert len(closed) == 3
    closed[0].status = MessageStatus.SENT  # the worker sent one before the reopening
    db_session.commit()

    response = client.post(f"{url}/reopen", data={"reason": "评审未完成"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "尚未发出的 2 封“年度已关闭”通知已撤回" in page
    assert "已通过发件箱通知 2 个单位本年度已重新开放" in page
    assert [m.id for m in _mails(db_session, "year.close")] == [closed[0].id]  # the sent stays
    told = {m.to_address: m for m in _mails(db_session, "year.reopen")}
    assert set(told) == {world.user_a.email, world.user_b.email, english.email}
    mail = told[world.user_b.email]
    assert mail.subject == f"2025 年度已重新开放：{world.org_b.name_zh}"
    assert "此前“年度已关闭”的通知不再适用" in mail.body
    assert f"请于 {deadline.isoformat()}（含，北京时间）前提交" in mail.body
    assert told[english.email].subject.startswith("Year 2025 reopened")
    assert "年度" not in told[english.email].body


@pytest.mark.usefixtures("worker_not_yet_sent")
def test_a_second_reopening_does_not_tell_about_an_earlier_close(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    start(world, world.org_b)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}"
    client.post(f"{url}/close", data={"confirmed": "1"})
    assert len(_mails(db_session, "year.close")) == 1
    client.post(f"{url}/reopen", data={"reason": "第一次重新开放"})
    assert len(_mails(db_session, "year.reopen")) == 1
    client.post(f"{url}/close", data={"confirmed": "1"})
    # closing again withdraws the unsent "reopened" notice: it is no longer true
    assert _mails(db_session, "year.reopen") == []
    client.post(f"{url}/reopen", data={"reason": "第二次重新开放"})
    assert len(_mails(db_session, "year.reopen")) == 1
    assert _mails(db_session, "year.close") == []


@pytest.mark.usefixtures("worker_not_yet_sent")
def test_the_audit_row_of_the_close_start_says_closing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA36 S6: 修改后 read "—", as if the status had been erased."""
    world = make_world(2025)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.post(f"/cycles/{world.cycle.id}/close", data={"confirmed": "1"})
    log = client.get(f"/audit/?entity=cycle&entity_id={world.cycle.id}").get_data(as_text=True)
    text = html.unescape(re.sub(r"<[^>]+>", " ", log))
    row = text[text.rindex("开始关闭（冻结结果）") :]  # the row, after the filter's options
    assert "进行中" in row[:300]
    assert "正在关闭" in row[:300]
