"""Workflow notices: each reaches the people it needs, in their language, once, and only on success.

Each test drives the real page as the acting user, then reads the outbox: recipients
(one prefers Chinese, one English), subject, body, the absolute link from BASE_URL, and
that a refused or repeated action queued nothing more.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.clock import beijing_today
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.models import (
    Appeal,
    Finding,
    FindingKind,
    Review,
    ReviewAssignment,
    ReviewKind,
)
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_secretariat, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.helpers import finalise_confirmed

BASE_URL = "https://rc.example.cn/rc"
LINK = re.compile(r"https?://\S+")
DRILL_ZH = "每年至少一次综合演练并评估"  # the prompt of C1.E1.1 in the mini rubric
DRILL_EN = "At least one full-scale drill a year, evaluated"

pytestmark = pytest.mark.usefixtures("smtp_server")


@pytest.fixture(autouse=True)
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    return BASE_URL


def _outbox(db_session: Session, kind: str) -> dict[str, OutboxMessage]:
    db_session.expire_all()
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()
    found = {row.to_address: row for row in rows}
    assert len(found) == len(rows), "one message per person"
    return found


def _company_readers(world: ReviewWorld, db_session: Session) -> tuple[User, User]:
    """Company 0's two users, one reading Chinese, one English; plus an inactive one."""
    zh, en = world.members[0], world.reviewers[0]
    en.language = "en"
    make_user(world.companies[0], name="离职员工").is_active = False
    db_session.commit()
    return zh, en


def _check(
    mails: dict[str, OutboxMessage],
    zh: User,
    en: User,
    subjects: tuple[str, str],
    bodies: tuple[list[str], list[str]],
    link: str,
) -> None:
    assert set(mails) == {zh.email, en.email}  # the inactive user is skipped
    for user, lang, subject, parts in (
        (zh, "zh_CN", subjects[0], bodies[0]),
        (en, "en", subjects[1], bodies[1]),
    ):
        mail = mails[user.email]
        assert (mail.lang, mail.subject) == (lang, subject)
        assert mail.status is MessageStatus.SENT  # delivery was started after the commit
        for part in parts:
            assert part in mail.body, (part, mail.body)
        assert LINK.findall(mail.body) == [link]
    assert "您好" in mails[zh.email].body
    assert "您好" not in mails[en.email].body


def _review(world: ReviewWorld, submitting: int = 2) -> Review:
    """Company 0's on-site review with one corrective action; `submitting` reviewers submit."""
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    first = review.assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    for assignment in review.assignments[:submitting]:
        _submit(review, assignment)
    return review


def _submit(review: Review, assignment: ReviewAssignment) -> None:
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)


def _action(review: Review) -> Finding:
    return next(f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION)


def test_a_returned_assessment_tells_the_organisation_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    company, target = world.companies[0], world.assessments[0]
    auth.login(world.secretariat.email)
    url = f"/cycles/assessments/{target.id}/return"

    refused = client.post(url, data={"comment": "  "})
    assert refused.status_code == 422
    assert _outbox(db_session, "return") == {}

    data = {"comment": "请补充演练记录", "note-C1.E1.1": "缺少评估报告"}
    assert client.post(url, data=data).status_code == 302
    _check(
        _outbox(db_session, "return"),
        zh,
        en,
        (
            f"自评已退回修改：{company.name_zh}（2025 年度）",
            f"Self-assessment returned for revision: {company.name_en} (2025)",
        ),
        (
            [
                f"秘书处已将{company.name_zh}的 2025 年度",
                "退回意见：请补充演练记录",
                f"- C1.E1.1 {DRILL_ZH}：缺少评估报告",
            ],
            [
                f"self-assessment of {company.name_en} for revision",
                "Reason for the return: 请补充演练记录",
                f"- C1.E1.1 {DRILL_EN}: 缺少评估报告",
            ],
        ),
        f"{BASE_URL}/assessments/{target.id}",
    )
    # A double click (on either return page) finds it returned already: no second notice.
    assert client.post(url, data=data).status_code == 409
    client.post(f"/assessments/{target.id}/return", data={"comment": "再退一次"})
    assert len(_outbox(db_session, "return")) == 2


def test_the_plain_return_button_notifies_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    target = world.assessments[0]
    auth.login(world.secretariat.email)
    assert client.post(f"/assessments/{target.id}/return", data={"comment": ""}).status_code == 302
    assert _outbox(db_session, "return") == {}  # refused: a comment is required
    client.post(f"/assessments/{target.id}/return", data={"comment": "请补充演练记录"})
    mails = _outbox(db_session, "return")
    assert set(mails) == {zh.email, en.email}
    assert "逐项意见" not in mails[zh.email].body
    assert "Reason for the return: 请补充演练记录" in mails[en.email].body


@pytest.mark.parametrize("rated", [True, False])
def test_a_finalised_review_tells_the_organisation_its_rating(
    client: FlaskClient, db_session: Session, auth: AuthActions, rated: bool
) -> None:
    world = make_review_world(3, unmet=() if rated else (0,))
    zh, en = _company_readers(world, db_session)
    company = world.companies[0]
    review = _review(world, submitting=1)  # refused at first: a reviewer has not submitted
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/finalise"
    client.post(url)
    assert _outbox(db_session, "review.final") == {}

    _submit(review, review.assignments[1])
    db_session.commit()
    assert finalise_confirmed(client, review.id).status_code == 302
    db_session.refresh(review)
    assert review.appeal_until is not None
    until = review.appeal_until.isoformat()
    stars = review.final_stars
    rating_zh = f"最终星级：{stars} 星。" if rated else "最终星级：未评定（有前置条件未满足）。"
    rating_en = f"Final rating: {stars} star" if rated else "Final rating: not rated"
    _check(
        _outbox(db_session, "review.final"),
        zh,
        en,
        (
            f"同行评审结果已确定：{company.name_zh}（2025 年度）",
            f"Peer review result final: {company.name_en} (2025)",
        ),
        (
            [rating_zh, "须整改项：1 项", f"可在 {until}（北京时间）前提出申诉"],
            [
                rating_en,
                "Corrective actions: 1.",
                f"appeal until {until} (Beijing time)",
                f"self-assessment of {company.name_en} is final",
            ],
        ),
        f"{BASE_URL}/reviews/{review.id}/final",
    )
    client.post(url)  # a double click: already final
    assert len(_outbox(db_session, "review.final")) == 2


def _final_with_action(world: ReviewWorld, db_session: Session) -> tuple[Review, Finding]:
    review = _review(world)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    return review, _action(review)


def test_an_action_sent_back_tells_the_organisation_the_leads_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    world.lead.name = "李明"
    zh, en = _company_readers(world, db_session)
    review, action = _final_with_action(world, db_session)
    settling.close_action(action, "补签后的评估报告", world.members[0])
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/findings/{action.id}/accept/0"

    assert client.post(url, data={f"r-{action.id}-reason": " "}).status_code == 422
    assert _outbox(db_session, "action.reopen") == {}

    client.post(url, data={f"r-{action.id}-reason": "未加盖公章"})
    _check(
        _outbox(db_session, "action.reopen"),
        zh,
        en,
        (
            f"整改项被退回：{world.companies[0].name_zh}（2025 年度）",
            f"Corrective action sent back: {world.companies[0].name_en} (2025)",
        ),
        (
            [
                "组长李明退回了",
                f"C1.E1.1 {DRILL_ZH}：演练评估报告缺签字",
                "退回理由：未加盖公章",
            ],
            [
                "The lead, 李明 (Li Ming), has sent back",
                f"C1.E1.1 {DRILL_EN}: 演练评估报告缺签字",
                "Reason for sending it back: 未加盖公章",
                "Written by the lead in Chinese; shown as written.",
            ],
        ),
        f"{BASE_URL}/reviews/{review.id}/final#action-{action.id}",
    )
    client.post(url, data={f"r-{action.id}-reason": "未加盖公章"})  # a double click
    assert len(_outbox(db_session, "action.reopen")) == 2
    client.post(f"/reviews/findings/{action.id}/accept/1")  # accepting sends nothing
    assert {m.kind for m in db_session.scalars(select(OutboxMessage))} == {"action.reopen"}


def test_a_closed_action_tells_the_lead_and_deputy(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    review, action = _final_with_action(world, db_session)
    deputy = make_user(name="Deputy Wang")
    deputy.language = "en"
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    make_group_role(world.lead, world.group, GroupRole.DEPUTY)  # both roles: still one mail
    # A deputy from the company itself does not judge its own actions.
    make_group_role(world.reviewers[0], world.group, GroupRole.DEPUTY)
    db_session.commit()
    auth.login(world.members[0].email)
    url = f"/reviews/findings/{action.id}/close"

    client.post(url, data={f"c-{action.id}-evidence": ""})
    assert _outbox(db_session, "action.close") == {}

    assert client.post(url, data={f"c-{action.id}-evidence": "补签后的评估报告"}).status_code == 302
    company = world.companies[0]
    _check(
        _outbox(db_session, "action.close"),
        world.lead,
        deputy,
        (
            f"整改项待确认关闭：{company.name_zh}（2025 年度）",
            f"Corrective action to accept as closed: {company.name_en} (2025)",
        ),
        (
            [
                f"{company.name_zh}已关闭",
                f"C1.E1.1 {DRILL_ZH}：演练评估报告缺签字",
                "整改证据：补签后的评估报告",
            ],
            [
                f"{company.name_en} has closed",
                f"C1.E1.1 {DRILL_EN}: 演练评估报告缺签字",
                "Evidence: 补签后的评估报告",
            ],
        ),
        f"{BASE_URL}/reviews/{review.id}/final#action-{action.id}",
    )
    assert client.post(url, data={f"c-{action.id}-evidence": "again"}).status_code == 409
    assert len(_outbox(db_session, "action.close")) == 2


def test_a_submitted_review_tells_the_lead_and_deputy(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa66 #4: the lead heard nothing when a reviewer submitted."""
    world = make_review_world(3)
    review = _review(world, submitting=0)
    deputy = make_user(name="Deputy Wang")
    deputy.language = "en"
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    make_group_role(world.reviewers[0], world.group, GroupRole.DEPUTY)  # the company's own
    first, second = review.assignments
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    db_session.commit()
    auth.login(first.reviewer.email)
    url = f"/reviews/assignments/{second.id}/submit"
    assert client.post(url).status_code in (302, 403)  # not theirs: nothing sent
    assert _outbox(db_session, "review.submit") == {}

    assert client.post(f"/reviews/assignments/{first.id}/submit").status_code == 302
    company = world.companies[0]
    name = first.reviewer.name
    _check(
        _outbox(db_session, "review.submit"),
        world.lead,
        deputy,
        (
            f"评审员已提交评审：{company.name_zh}（2025 年度）",
            f"A reviewer has submitted a review: {company.name_en} (2025)",
        ),
        (
            [f"评审员 {name} 已提交对{company.name_zh} 2025 年度自评的评审（已提交 1 / 2 份）。"],
            [f"{company.name_en}", "(1 of 2 submitted)"],
        ),
        f"{BASE_URL}/reviews/{review.id}/consolidate",
    )
    assert "全部评审员均已提交" not in _outbox(db_session, "review.submit")[world.lead.email].body
    client.post(f"/reviews/assignments/{first.id}/submit")  # again: nothing more
    assert len(_outbox(db_session, "review.submit")) == 2


def test_an_appeal_tells_the_secretariat_and_its_decision_tells_the_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    review, _ = _final_with_action(world, db_session)
    english_secretariat = make_secretariat(name="Secretary Li")
    english_secretariat.language = "en"
    make_secretariat(name="已停用").is_active = False
    db_session.commit()
    company = world.companies[0]
    auth.login(world.members[0].email)
    url = f"/reviews/{review.id}/appeal"

    client.post(url, data={"reason": ""})
    assert _outbox(db_session, "appeal.file") == {}
    client.post(url, data={"reason": "现场评审未看补充材料"})
    today = beijing_today()
    filed = _outbox(db_session, "appeal.file")
    # qa90 #3: the lead who settled the rating is told too: who decides, nothing to do yet
    lead_mail = filed.pop(world.lead.email)
    assert lead_mail.subject == f"新的申诉：{company.name_zh}（2025 年度）"
    assert "申诉理由：现场评审未看补充材料" in lead_mail.body
    assert "由秘书处决定" in lead_mail.body
    assert "在秘书处决定之前，您无需操作" in lead_mail.body
    assert LINK.findall(lead_mail.body) == [f"{BASE_URL}/reviews/{review.id}/final#appeal"]
    _check(
        filed,
        world.secretariat,
        english_secretariat,
        (
            f"新的申诉：{company.name_zh}（2025 年度）",
            f"New appeal: {company.name_en} (2025)",
        ),
        (
            [
                f"{company.name_zh}于 {today.isoformat()}（北京时间）",
                "申诉理由：现场评审未看补充材料",
            ],
            [
                f"on {today.isoformat()} (Beijing time)",
                "Reason for the appeal: 现场评审未看补充材料",
            ],
        ),
        f"{BASE_URL}/reviews/appeals",
    )
    client.post(url, data={"reason": "再次申诉"})  # refused while the first is open
    assert len(_outbox(db_session, "appeal.file")) == 3

    appeal = db_session.scalars(select(Appeal)).one()
    auth.logout()
    auth.login(world.secretariat.email)
    decide = f"/reviews/appeals/{appeal.id}/decide"
    client.post(decide, data={f"a-{appeal.id}-outcome": "dismiss", f"a-{appeal.id}-reason": ""})
    assert _outbox(db_session, "appeal.decide") == {}
    data = {f"a-{appeal.id}-outcome": "dismiss", f"a-{appeal.id}-reason": "材料已在评审中考虑"}
    assert client.post(decide, data=data).status_code == 302
    decided = _outbox(db_session, "appeal.decide")
    # qa66 #4: the lead who finalised is told the decision too, with the same link
    lead_mail = decided.pop(world.lead.email)
    assert "作出决定：申诉驳回。" in lead_mail.body
    assert LINK.findall(lead_mail.body) == [f"{BASE_URL}/reviews/{review.id}/final#appeal"]
    _check(
        decided,
        zh,
        en,
        (
            f"申诉已决定：{company.name_zh}（2025 年度）",
            f"Appeal decided: {company.name_en} (2025)",
        ),
        (
            [
                "作出决定：申诉驳回。",
                "理由：材料已在评审中考虑",
                "最终结果维持不变；每个最终评级只能申诉一次",
            ],
            [
                f"appeal of {company.name_en}",
                "Reason: 材料已在评审中考虑",
                "The final result stands unchanged; each final rating can be appealed only once",
            ],
        ),
        f"{BASE_URL}/reviews/{review.id}/final#appeal",
    )
    assert client.post(decide, data=data).status_code == 409  # decided already
    assert len(_outbox(db_session, "appeal.decide")) == 3


def test_a_filed_appeal_is_confirmed_to_the_organisation_with_its_items(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The organisation's active users learn the appeal was filed, in their language: who
    decides, what happens next, and the items it disputes; the secretariat's mail names
    them too."""
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    review, _ = _final_with_action(world, db_session)
    db_session.commit()
    company = world.companies[0]
    auth.login(zh.email)

    data = {"reason": "现场评审未看补充材料", "items": ["C1.E1.1"]}
    assert client.post(f"/reviews/{review.id}/appeal", data=data).status_code == 302

    today = beijing_today().isoformat()
    _check(
        _outbox(db_session, "appeal.filed"),
        zh,
        en,
        (
            f"申诉已提交：{company.name_zh}（2025 年度）",
            f"Appeal filed: {company.name_en} (2025)",
        ),
        (
            [
                f"{zh.name}已于 {today}（北京时间）代表{company.name_zh}",
                "申诉由秘书处决定，决定后您会收到邮件",
                "由工作组组长或副组长重新裁定",
                f"有异议的评价项：\n- C1.E1.1 {DRILL_ZH}",
                "申诉理由：现场评审未看补充材料",
            ],
            [
                f"on {today} (Beijing time)",
                "The secretariat decides the appeal",
                f"Disputed items:\n- C1.E1.1 {DRILL_EN}",
                "Reason for the appeal: 现场评审未看补充材料",
            ],
        ),
        f"{BASE_URL}/reviews/{review.id}/final#appeal",
    )
    asked = _outbox(db_session, "appeal.file")[world.secretariat.email]
    assert f"- C1.E1.1 {DRILL_ZH}" in asked.body


def test_an_upheld_appeal_links_to_the_result_page_and_tells_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Upheld, the organisation keeps its result page (the decision, its actions): the
    link goes there; the lead, who must settle again, is told too, with the appeal."""
    world = make_review_world(3)
    zh, en = _company_readers(world, db_session)
    review, _ = _final_with_action(world, db_session)
    appeal = settling.file_appeal(review, "评级有误", beijing_today(), world.members[0])
    db_session.commit()
    auth.login(world.secretariat.email)
    data = {f"a-{appeal.id}-outcome": "uphold", f"a-{appeal.id}-reason": "抽查项漏看"}
    assert client.post(f"/reviews/appeals/{appeal.id}/decide", data=data).status_code == 302
    mails = _outbox(db_session, "appeal.decide")
    assert "作出决定：申诉成立。" in mails[zh.email].body
    assert "The review is open again" in mails[en.email].body
    for mail in mails.values():
        assert LINK.findall(mail.body) == [f"{BASE_URL}/reviews/{review.id}/final#reopened"]
    leads = _outbox(db_session, "appeal.reopen")
    assert set(leads) == {world.lead.email}
    body = leads[world.lead.email].body
    assert "评级有误" in body
    assert "抽查项漏看" in body
    assert LINK.findall(body) == [f"{BASE_URL}/reviews/{review.id}/consolidate#appeals"]
    # QA33 D1: the earlier final rating stays of record (and would be published at a close)
    assert "原最终星级仍是有效评级" in body
    assert "撤销" not in body
    assert "the earlier final rating stays the rating of record" in mails[en.email].body
