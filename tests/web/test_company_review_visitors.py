"""The company learns who comes to its on-site review, what to prepare, and of a withdrawal.

QA: for an on-site review the company registers the visitors at its gate, arranges PPE and
an escort, so its mail and its result page name the reviewers (pinyin in English) with their
organisations and list what to prepare; a desk review gives only the number. Withdrawing a
reviewer changes that, so the company gets one "changed" notice, as for other changes.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.company_mail import ASSIGNED, CHANGED
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world

PREPARE_ZH = (
    "自评的证据材料备齐",
    "HSE 负责人和抽查准则的负责人在场",
    "为评审员办理入厂登记，安排安全入厂培训、劳动防护用品和陪同人员。",
)
PREPARE_EN = (
    "The evidence for the self-assessment at hand",
    "The HSE manager and the people responsible for the sampled codes of practice",
    "a safety induction, PPE and an escort.",
)


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


def _world(db_session: Session) -> ReviewWorld:
    world = make_review_world(4)
    world.reviewers[1].name, world.reviewers[2].name = "黄磊", "王芳"
    world.reviewers[0].language = "en"  # company 0's second user reads English
    db_session.commit()
    return world


def _assign(client: FlaskClient, world: ReviewWorld, reviewers: list[int], kind: str) -> None:
    fields = {"kind": kind, "due_on": _day(30)}
    if kind == "onsite":
        fields["visit_on"] = _day(10)
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": reviewers, **fields},
    )
    assert response.status_code == 302


def _assigned_two(
    client: FlaskClient, db_session: Session, auth: AuthActions, kind: str
) -> ReviewWorld:
    """Company 0's review of `kind` with 黄磊 (company 1) and 王芳 (company 2), by the lead."""
    world = _world(db_session)
    auth.login(world.lead.email)
    _assign(client, world, [world.reviewers[1].id, world.reviewers[2].id], kind)
    return world


def _mail(db_session: Session, kind: str, to: str) -> list[OutboxMessage]:
    return list(
        db_session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.to_address == to)
        )
    )


def test_the_onsite_mail_names_the_visitors_and_what_to_prepare_in_each_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _assigned_two(client, db_session, auth, "onsite")
    (zh,) = _mail(db_session, ASSIGNED, world.members[0].email)
    (en,) = _mail(db_session, ASSIGNED, world.reviewers[0].email)
    one, two = world.companies[1], world.companies[2]
    assert "已指派 2 名同行评审员。" in zh.body
    assert "来访的评审员（请办理入厂登记）：" in zh.body
    assert f"- {one.name_zh} 黄磊\n" in zh.body
    assert f"- {two.name_zh} 王芳\n" in zh.body
    assert "请做好以下准备：" in zh.body
    assert all(line in zh.body for line in PREPARE_ZH)
    assert "Reviewers visiting (please register them at the gate):" in en.body
    assert f"- 黄磊 (Huang Lei), {one.name_en}\n" in en.body
    assert f"- 王芳 (Wang Fang), {two.name_en}\n" in en.body
    assert "Please prepare:" in en.body
    assert all(line in en.body for line in PREPARE_EN)


def test_the_desk_mail_gives_only_the_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _assigned_two(client, db_session, auth, "desk")
    (zh,) = _mail(db_session, ASSIGNED, world.members[0].email)
    (en,) = _mail(db_session, ASSIGNED, world.reviewers[0].email)
    assert "已指派 2 名同行评审员。" in zh.body
    assert "2 peer reviewers assigned" in en.body
    for body in (zh.body, en.body):  # no contact needed: nobody named, nothing to prepare
        assert "黄磊" not in body
        assert "王芳" not in body
        assert "入厂" not in body
        assert "gate" not in body


def test_the_company_page_names_the_visitors_of_an_onsite_review(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _assigned_two(client, db_session, auth, "onsite")
    result = f"/assessments/{world.assessments[0].id}/result"
    auth.login(world.members[0].email)
    page = client.get(result).get_data(as_text=True)
    assert f"<li>{world.companies[1].name_zh} 黄磊</li>" in page
    assert "请做好以下准备：" in page
    assert all(line in page for line in PREPARE_ZH)
    auth.login(world.reviewers[0].email)  # reads English
    page = client.get(result).get_data(as_text=True)
    assert f'<span lang="zh-CN">黄磊</span> (Huang Lei), {world.companies[1].name_en}' in page
    assert "Please prepare:" in page
    assert all(line in page for line in PREPARE_EN)


def test_the_company_page_of_a_desk_review_gives_only_the_number(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _assigned_two(client, db_session, auth, "desk")
    auth.login(world.members[0].email)
    page = client.get(f"/assessments/{world.assessments[0].id}/result").get_data(as_text=True)
    assert "已指派 2 名同行评审员" in page
    assert "黄磊" not in page
    assert 'id="visitors"' not in page
    assert 'id="prepare"' not in page


def test_withdrawing_a_reviewer_sends_the_company_one_changed_notice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.lead.email)
    chosen = [world.reviewers[1].id, world.reviewers[2].id, world.reviewers[3].id]
    _assign(client, world, chosen, "onsite")
    review = db_session.scalars(
        select(Review).where(Review.assessment_id == world.assessments[0].id)
    ).one()
    gone = next(a for a in review.assignments if a.reviewer_id == world.reviewers[2].id)
    response = client.post(f"/reviews/assignments/{gone.id}/withdraw", data={"confirmed": "1"})
    assert response.status_code == 302
    (changed,) = _mail(db_session, CHANGED, world.members[0].email)
    assert "同行评审安排有变，现为：现场评审。" in changed.body
    assert "已指派 2 名同行评审员。" in changed.body
    assert f"- {world.companies[1].name_zh} 黄磊\n" in changed.body
    assert "王芳" not in changed.body  # withdrawn: no longer coming
    (english,) = _mail(db_session, CHANGED, world.reviewers[0].email)
    assert "2 peer reviewers assigned" in english.body
