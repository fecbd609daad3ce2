"""A reviewer joins or leaves a running on-site review: those visiting with them are told.

Before, 林静 was listed to the company as a visiting reviewer but got no mail about her new
colleague (qa85 #2). Each reviewer already on the review now gets one mail naming who joined
or left, the visit day and everyone visiting with them, in their language, after the
commit; a moved day and a new colleague make one mail, not two. A desk review mails none.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import ReviewAssignment
from tests.conftest import AuthActions
from tests.factories import make_group_deputy
from tests.factories_reviews import ReviewWorld, make_review_world


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(5)
    made.companies[0].site_address = "南京市江北新区化工大道 8 号"
    made.reviewers[1].language = "en"
    db_session.commit()
    return made


@pytest.fixture
def deputy(db_session: Session, world: ReviewWorld) -> User:
    user = make_group_deputy(world.group)
    db_session.commit()
    return user


def _assign(
    client: FlaskClient, world: ReviewWorld, reviewers: list[User], visit: str, kind: str = "onsite"
) -> None:
    data = {"reviewers": [r.id for r in reviewers], "kind": kind, "visit_on": visit}
    data["due_on"] = _day(30)
    response = client.post(f"/reviews/assessments/{world.assessments[0].id}/assign", data=data)
    assert response.status_code == 302


def _to(db_session: Session, user: User) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(
        OutboxMessage.to_address == user.email, OutboxMessage.kind == "review"
    )
    return list(db_session.scalars(query.order_by(OutboxMessage.id)))


def test_those_on_it_learn_who_joined_and_the_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld, deputy: User
) -> None:
    auth.login(deputy.email)
    first, second, third = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    _assign(client, world, [first, second], _day(10))
    _assign(client, world, [third], _day(10))
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
    assert "Joining the review:" in en.body and third.name in en.body
    assert len(_to(db_session, third)) == 1  # the newcomer: the assignment mail alone
    # A moved day with a newcomer: one mail each, saying both.
    fourth = world.reviewers[4]
    _assign(client, world, [fourth], _day(12))
    both = _to(db_session, second)
    assert len(both) == 3
    assert f"现场评审日期已由 {_day(10)} 改为 {_day(12)}。" in both[2].body
    assert f"新加入的评审员：{fourth.name}。" in both[2].body


def test_those_left_learn_who_was_withdrawn(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    auth.login(world.lead.email)
    first, second, third = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    _assign(client, world, [first, second, third], _day(10))
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
    _assign(client, world, [world.reviewers[1]], "", kind="desk")
    _assign(client, world, [world.reviewers[2]], "", kind="desk")
    assert len(_to(db_session, world.reviewers[1])) == 1
