"""The company is told when a peer review of its self-assessment is assigned, and changed.

Before, only the reviewers were mailed: the company learnt of an on-site visit from the
reviewers' phone calls. Its assessment users (as a deadline change reaches them) now get one
mail each in their language: year, kind, visit day, due day, the lead to ask, the result
page's link; an on-site review's reviewers are named (test_company_review_visitors). Assigning
again sends one short "changed" notice per person, not the first mail again.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.company_mail import ASSIGNED, CHANGED
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


def _assign(
    client: FlaskClient, world: ReviewWorld, reviewers: list[int], status: int = 302, **fields: str
) -> None:
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": reviewers, **fields},
    )
    assert response.status_code == status  # 200: refused, the form shown again


def _mails(db_session: Session, kind: str) -> dict[str, list[OutboxMessage]]:
    found: dict[str, list[OutboxMessage]] = {}
    for message in db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)):
        found.setdefault(message.to_address, []).append(message)
    return found


def test_the_company_is_told_of_its_onsite_review_in_each_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    member, colleague = world.members[0], world.reviewers[0]  # both users of company 0
    colleague.language = "en"
    db_session.commit()
    auth.login(world.lead.email)
    chosen = [world.reviewers[1], world.reviewers[2]]
    _assign(
        client,
        world,
        [r.id for r in chosen],
        kind="onsite",
        visit_on=_day(10),
        due_on=_day(30),
    )
    mails = _mails(db_session, ASSIGNED)
    assert set(mails) == {member.email, colleague.email}  # no other company's user
    assert all(len(sent) == 1 for sent in mails.values())
    zh, en = mails[member.email][0], mails[colleague.email][0]
    assessment = world.assessments[0]
    assert zh.subject == f"2025 年度自评的同行评审已安排：{world.companies[0].name_zh}"
    assert "2025 年度责任关怀自评的同行评审已安排：现场评审。" in zh.body
    assert f"现场评审日期：{_day(10)}。" in zh.body
    assert f"评审员须于 {_day(30)}（北京时间）前提交评审意见。" in zh.body
    assert f"请联系工作组：{world.lead.name}（{world.lead.email}）" in zh.body
    assert f"/assessments/{assessment.id}/result" in zh.body
    assert zh.organisation_id == assessment.organisation_id
    assert en.subject.startswith("Peer review of the 2025 self-assessment arranged")
    assert "has been arranged: on-site review." in en.body  # mid-sentence: starts small
    assert f"On-site visit date: {_day(10)}." in en.body
    assert f"by {_day(30)} (Beijing time)" in en.body
    assert world.lead.email in en.body
    for message in (zh, en):  # on site: the visitors are named for the gate
        assert all(r.name in message.body for r in chosen)


def test_assigning_again_sends_one_changed_notice_not_the_first_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    member = world.members[0]
    auth.login(world.lead.email)
    _assign(client, world, [world.reviewers[1].id], kind="desk", due_on=_day(21))
    _assign(
        client,
        world,
        [world.reviewers[2].id, world.reviewers[3].id],
        kind="onsite",
        visit_on=_day(12),
        due_on=_day(25),
    )
    assert len(_mails(db_session, ASSIGNED)[member.email]) == 1
    changed = _mails(db_session, CHANGED)[member.email]
    assert len(changed) == 1  # one per person per change, whatever the reviewers added
    body = changed[0].body
    assert "同行评审安排有变，现为：现场评审。" in body
    assert f"现场评审日期：{_day(12)}。" in body
    assert f"评审员须于 {_day(25)}（北京时间）前提交评审意见。" in body  # the last one due
    assert "已安排：" not in body
    assert changed[0].subject.startswith("2025 年度自评的同行评审安排有变")


def test_the_changed_notice_names_the_kind_in_small_letters_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    member = world.members[0]
    member.language = "en"
    db_session.commit()
    auth.login(world.lead.email)
    _assign(client, world, [world.reviewers[1].id], kind="desk", due_on=_day(21))
    chosen = [world.reviewers[2].id, world.reviewers[3].id]
    _assign(client, world, chosen, kind="onsite", visit_on=_day(12), due_on=_day(25))
    body = _mails(db_session, CHANGED)[member.email][0].body
    assert "has changed; it is now: on-site review." in body
    assert "On-site review" not in body


def test_a_refused_assignment_tells_the_company_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    auth.login(world.lead.email)
    _assign(client, world, [world.reviewers[1].id], kind="desk", due_on=_day(21))
    _assign(client, world, [world.reviewers[1].id], 200, kind="desk", due_on=_day(21))
    assert len(_mails(db_session, ASSIGNED)[world.members[0].email]) == 1
    assert _mails(db_session, CHANGED) == {}
