"""An on-site review's visit day or team changed: the reviewers on it, and the company, are told.

Before, only reviewers added with the new day read it (in their assignment mail); those
assigned earlier kept the old day. Each earlier reviewer now gets one mail with the new day,
the site address and the HSE contact, in their language; the organisation's users get the
"changed" notice with the new day. The same day again mails the earlier reviewers nothing.
A deputy lead does it as the lead does.

A reviewer joining or withdrawn (qa85 #2): before, 林静 was listed to the company as a
visiting reviewer but got no mail about her new colleague. Each reviewer already on it now
gets one mail naming who joined or left, the visit day and everyone visiting with them, in
their language; a moved day and a newcomer make one mail, not two. A desk review mails none.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.cli import reviews_cli
from rcapp.reviews.company_mail import CHANGED
from rcapp.reviews.models import ReviewAssignment
from tests.conftest import AuthActions
from tests.factories import make_group_deputy
from tests.factories_reviews import ReviewWorld, make_review_world


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(5)
    company = made.companies[0]
    company.site_address = "南京市江北新区化工大道 8 号"
    company.hse_contact = "周明"
    company.contact_phone = "025-5555 0101"
    made.reviewers[1].language = "en"
    db_session.commit()
    return made


@pytest.fixture
def deputy(db_session: Session, world: ReviewWorld) -> User:
    user = make_group_deputy(world.group)
    db_session.commit()
    return user


def _assign(
    client: FlaskClient, world: ReviewWorld, reviewers: list[int], visit: str, kind: str = "onsite"
) -> None:
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": reviewers, "kind": kind, "visit_on": visit, "due_on": _day(30)},
    )
    assert response.status_code == 302


def _to(db_session: Session, user: User, kind: str = "review") -> list[OutboxMessage]:
    return list(
        db_session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == user.email, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        )
    )


def test_earlier_reviewers_and_the_company_learn_the_new_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld, deputy: User
) -> None:
    auth.login(deputy.email)
    first, second, third = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    _assign(client, world, [first.id, second.id], _day(10))
    _assign(client, world, [third.id], _day(12))
    zh = _to(db_session, second)
    assert len(zh) == 2  # the assignment, then the one change
    moved = zh[1]
    name = world.companies[0].name_zh
    assert moved.subject == f"现场评审日期变更：{name}（2025 年度）"
    assert f"现场评审日期已由 {_day(10)} 改为 {_day(12)}。" in moved.body
    assert f"现场评审日期：{_day(12)}。" in moved.body
    assert "现场评审地点：南京市江北新区化工大道 8 号" in moved.body
    assert "联系人：周明，025-5555 0101" in moved.body
    assert f"请联系工作组：{deputy.name}（{deputy.email}）" in moved.body
    en = _to(db_session, first)[1]
    assert en.subject.startswith("On-site review date changed")
    assert f"moved from {_day(10)} to {_day(12)}" in en.body
    assert "Site address: 南京市江北新区化工大道 8 号" in en.body
    assert len(_to(db_session, third)) == 1  # new: the assignment mail has the day already
    notice = _to(db_session, world.members[0], CHANGED)
    assert len(notice) == 1
    assert f"现场评审日期：{_day(12)}。" in notice[0].body
    # The same day again: no date change, only the new colleague said (qa85 #2).
    _assign(client, world, [world.reviewers[4].id], _day(12))
    assert [len(_to(db_session, r)) for r in (first, second, third)] == [3, 3, 2]
    assert _to(db_session, second)[-1].subject.startswith("现场评审人员变更")


def test_the_command_tells_them_too(app: Flask, db_session: Session, world: ReviewWorld) -> None:
    def assign(reviewers: list[User], visit: str) -> None:
        args = ["assign", str(world.assessments[0].id), "--as", world.lead.email]
        args += [a for r in reviewers for a in ("--reviewer", r.email)]
        args += ["--kind", "onsite", "--visit", visit, "--due", _day(30)]
        result = app.test_cli_runner().invoke(reviews_cli, args)
        assert result.exit_code == 0, result.output

    second = world.reviewers[2]
    assign([world.reviewers[1], second], _day(10))
    assign([world.reviewers[3]], _day(14))
    mails = _to(db_session, second)
    assert len(mails) == 2
    assert f"现场评审日期已由 {_day(10)} 改为 {_day(14)}。" in mails[1].body
    assert "联系人：周明" in mails[1].body


def test_those_on_it_learn_who_joined_and_the_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld, deputy: User
) -> None:
    auth.login(deputy.email)
    first, second, third = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    _assign(client, world, [first.id, second.id], _day(10))
    _assign(client, world, [third.id], _day(10))
    zh = _to(db_session, second)
    assert len(zh) == 2  # the assignment, then the new colleague
    name = world.companies[0].name_zh
    assert zh[1].subject == f"现场评审人员变更：{name}（2025 年度）"
    assert f"新加入的评审员：{third.name}。" in zh[1].body
    assert f"现场评审日期：{_day(10)}。" in zh[1].body
    assert "现场评审地点：南京市江北新区化工大道 8 号" in zh[1].body
    assert f"同组评审员：{first.name}、{third.name}。" in zh[1].body
    en = _to(db_session, first)[1]
    assert en.subject.startswith("On-site review team changed")
    assert "Joining the review:" in en.body
    assert third.name in en.body
    assert len(_to(db_session, third)) == 1  # the newcomer: the assignment mail alone
    # A moved day with a newcomer: one mail each, saying both.
    fourth = world.reviewers[4]
    _assign(client, world, [fourth.id], _day(12))
    both = _to(db_session, second)
    assert len(both) == 3
    assert f"现场评审日期已由 {_day(10)} 改为 {_day(12)}。" in both[2].body
    assert f"新加入的评审员：{fourth.name}。" in both[2].body


def test_those_left_learn_who_was_withdrawn(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    auth.login(world.lead.email)
    first, second, third = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    _assign(client, world, [first.id, second.id, third.id], _day(10))
    gone = db_session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.reviewer_id == third.id)
    ).one()
    url = f"/reviews/assignments/{gone.id}/withdraw"
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    mails = _to(db_session, second)
    assert len(mails) == 2
    assert f"已撤回的评审员：{third.name}。" in mails[1].body
    assert f"同组评审员：{first.name}。" in mails[1].body
    assert f"现场评审日期：{_day(10)}。" in mails[1].body
    assert "Withdrawn from the review:" in _to(db_session, first)[1].body
    assert len(_to(db_session, third)) == 1  # told apart, by the withdrawal notice


def test_a_desk_review_mails_none_of_them(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    auth.login(world.lead.email)
    _assign(client, world, [world.reviewers[1].id], "", kind="desk")
    _assign(client, world, [world.reviewers[2].id], "", kind="desk")
    assert len(_to(db_session, world.reviewers[1])) == 1
