"""Every e-mail, as its recipient reads it: language, links, headers, one copy per event."""

from __future__ import annotations

import re
import smtplib

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from rcapp.mail import delivery
from rcapp.mail.debug_server import DebugSmtpServer, Received
from rcapp.mail.delivery import deliver_pending
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from rcapp.reviews.models import ReviewAssignment
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_user
from tests.factories_reviews import VISIT, ReviewWorld, make_review_world
from tests.mail_server import smtp_server  # noqa: F401 - fixture

BASE_URL = "https://rc.example.cn/rc"
FORGED_HOST = "http://evil.example"  # what a client may put in the Host header
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    return BASE_URL


def _by_address(server: DebugSmtpServer) -> dict[str, Received]:
    return {r.recipients[0]: r for r in server.received}


def _assign_in_english(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> int:
    """The lead clicks on an English page, through a forged Host; returns the status code."""
    auth.login(world.lead.email)
    client.get("/lang/en")
    target = world.assessments[0]
    response = client.post(
        f"/reviews/assessments/{target.id}/assign",
        data={
            "kind": "onsite",
            "visit_on": VISIT,
            "reviewers": [world.reviewers[1].id, world.reviewers[2].id],
        },
        base_url=FORGED_HOST,
    )
    return response.status_code


def test_reviewers_are_mailed_at_once_in_their_own_language_with_the_configured_link(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    base_url: str,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    # The assignment mail waited in the outbox until someone sent a reminder, and its link
    # was built from the request's Host header.
    world = make_review_world(4)
    zh, en = world.reviewers[1], world.reviewers[2]
    en.language = "en"
    db_session.commit()
    assert _assign_in_english(client, auth, world) == 302
    mails = _by_address(smtp_server)
    company_users = {world.members[0].email, world.reviewers[0].email}  # told too (company_mail)
    assert set(mails) == {zh.email, en.email, *company_users}
    company = world.assessments[0].organisation
    assert mails[zh.email].subject == f"同行评审任务：{company.name_zh}（2025 年度）"
    assert "您已被指派参加" in mails[zh.email].body
    assert mails[zh.email].message["Content-Language"] == "zh-CN"
    assert mails[en.email].subject == f"Peer review: {company.name_en} (2025)"
    assert "You have been assigned to the on-site review" in mails[en.email].body
    assert mails[en.email].message["Content-Language"] == "en"
    for reviewer in (zh, en):
        [link] = LINK.findall(mails[reviewer.email].body)
        assignment = db_session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.reviewer_id == reviewer.id)
        ).one()
        assert link == f"{base_url}/reviews/assignments/{assignment.id}"


def test_a_double_clicked_reminder_reaches_each_person_once(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    base_url: str,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    cycle = make_cycle()
    late = make_organisation(
        name_zh="迟迟化工", name_en="Late Chem", commitment_status=CommitmentStatus.SIGNED
    )
    make_user(late, email="zh@example.cn", name="张工")
    make_user(late, email="en@example.cn", name="Li").language = "en"
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    for _ in range(2):
        response = client.post(
            f"/cycles/{cycle.id}/remind",
            data={"organisation_ids": [late.id]},
            base_url=FORGED_HOST,
            follow_redirects=True,
        )
    second = response.get_data(as_text=True)
    assert "以下单位今天已收到提醒（本年度或其他进行中的年度），未重复发送：迟迟化工。" in second
    assert "没有在用的账号" not in second
    assert sorted(r.recipients[0] for r in smtp_server.received) == [
        "en@example.cn",
        "zh@example.cn",
    ]
    mails = _by_address(smtp_server)
    assert "迟迟化工的 2025 年度责任关怀自评尚未提交" in mails["zh@example.cn"].body
    assert "self-assessment of Late Chem has not been submitted" in mails["en@example.cn"].body
    for mail in mails.values():
        assert LINK.findall(mail.body) == [f"{base_url}/"]
    client.get("/lang/en")
    page = client.post(
        f"/cycles/{cycle.id}/remind", data={"organisation_ids": [late.id]}, follow_redirects=True
    ).get_data(as_text=True)
    assert (
        "already received a reminder today (about this year or another open year)"
        " and were not sent another: Late Chem."
    ) in page
    assert len(smtp_server.received) == 2


def test_a_line_break_or_a_long_name_stays_out_of_the_headers(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    # Form fields keep line breaks: the message could not be built and the delivery task
    # stopped there, holding up every later message; a 200-character name made the subject
    # longer than its column (refused by PostgreSQL).
    world = make_review_world(4)
    company = world.assessments[0].organisation
    company.name_zh = "甲化工\r\nBcc: spy@example.cn\r\n" + "长" * 170
    company.name_en = "Alpha\nBcc: spy@example.cn\n" + "x" * 170  # 197 characters
    zh, en = world.reviewers[1], world.reviewers[2]
    zh.name = "王工\r\nBcc: spy@example.cn"
    en.name = "Li Bcc: spy@example.cn, 王工"  # read as a group of addresses when re-parsed
    en.language = "en"
    db_session.commit()
    assert _assign_in_english(client, auth, world) == 302
    company_users = [(world.members[0].email,), (world.reviewers[0].email,)]  # company_mail
    assert sorted(r.recipients for r in smtp_server.received) == sorted(
        [(zh.email,), (en.email,), *company_users]
    )
    mails = _by_address(smtp_server)
    assert mails[zh.email].subject.startswith("同行评审任务：甲化工 Bcc: spy@example.cn 长长")
    assert mails[en.email].subject.startswith("Peer review: Alpha Bcc: spy@example.cn xx")
    for mail in mails.values():
        assert mail.message["Bcc"] is None
        assert "\n" not in mail.subject
        assert len(mail.subject) <= 200
        assert mail.subject.endswith("…")
    for reviewer, shown in ((zh, "王工 Bcc: spy@example.cn"), (en, en.name)):
        [to] = mails[reviewer.email].message["To"].addresses
        assert (to.display_name, to.addr_spec) == (shown, reviewer.email)


def test_a_message_that_cannot_be_built_does_not_hold_up_the_others(
    app: Flask,
    db_session: Session,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    for address, subject in (
        ("bad@example.cn", "提醒\nBcc: x@example.cn"),
        ("ok@example.cn", "提醒"),
    ):
        db_session.add(
            OutboxMessage(
                kind="reminder",
                to_address=address,
                to_name="王工",
                lang="zh_CN",
                subject=subject,
                body="请提交自评。",
            )
        )
    db_session.commit()
    assert deliver_pending(app.config) == (1, 1)
    assert [r.recipients for r in smtp_server.received] == [("ok@example.cn",)]
    bad = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "bad@example.cn")
    ).one()
    db_session.refresh(bad)
    assert bad.status is MessageStatus.FAILED  # it would fail the same way every time
    assert bad.last_error is not None
    assert bad.last_error.startswith("invalid|")


def test_two_delivery_runs_at_once_send_each_message_once(
    app: Flask,
    db_session: Session,
    connection: Connection,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Send now" clicked twice, or a reminder and an assignment at the same moment: two
    # worker threads read the same pending list, and each sent every message.
    for address in ("first@example.cn", "second@example.cn"):
        db_session.add(
            OutboxMessage(
                kind="reminder",
                to_address=address,
                to_name="王工",
                lang="zh_CN",
                subject="提醒",
                body="请提交自评。",
            )
        )
    db_session.commit()
    original = delivery._connect

    def rival_sends_the_second(settings: delivery.SmtpSettings) -> smtplib.SMTP:
        # After this run read the list, the other run sends the second message.
        with Session(bind=connection, join_transaction_mode="create_savepoint") as other:
            other.execute(
                update(OutboxMessage)
                .where(OutboxMessage.to_address == "second@example.cn")
                .values(status=MessageStatus.SENT, attempts=1)
            )
            other.commit()
        return original(settings)

    monkeypatch.setattr(delivery, "_connect", rival_sends_the_second)
    assert deliver_pending(app.config) == (1, 0)
    assert [r.recipients for r in smtp_server.received] == [("first@example.cn",)]
