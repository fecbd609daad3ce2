"""The assign form's days: the reviewers' due day and an on-site review's visit day.

The due day was fixed at 21 days and an on-site review had no visit day: the mail named
neither the visit, the other reviewers nor the lead to ask. Both are chosen now, checked
(wrong input named, nobody assigned) and shown to the reviewers and the company.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import queries
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


def _assign(client: FlaskClient, world: ReviewWorld, **fields: object) -> str:
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={"reviewers": [world.reviewers[1].id, world.reviewers[2].id], **fields},
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def test_an_onsite_review_stores_its_visit_and_due_day_and_the_mail_names_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    zh, en = world.reviewers[1], world.reviewers[2]
    en.language = "en"
    db_session.commit()
    auth.login(world.lead.email)
    _assign(client, world, kind="onsite", visit_on=_day(10), due_on=_day(30))
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.kind is ReviewKind.ONSITE
    assert review.visit_on == beijing_today() + dt.timedelta(days=10)
    assert {a.due_on for a in review.assignments} == {beijing_today() + dt.timedelta(days=30)}
    mails = {m.to_address: m.body for m in db_session.scalars(select(OutboxMessage))}
    assert f"现场评审日期：{_day(10)}。" in mails[zh.email]
    assert f"请于 {_day(30)}（北京时间）前提交评审" in mails[zh.email]
    assert f"同组评审员：{en.name}。" in mails[zh.email]
    assert f"指派人：{world.lead.name}（{world.lead.email}）" in mails[zh.email]
    assert f"On-site visit date: {_day(10)}." in mails[en.email]
    # an English reader gets the names with their pinyin ("黄磊 (Huang Lei)")
    assert f"Co-reviewers: {zh.name}" in mails[en.email]
    assert f"Assigned by: {world.lead.name}" in mails[en.email]
    assert world.lead.email in mails[en.email]
    # the reviewer's page and the company's result page show the day
    auth.login(zh.email)
    page = client.get(f"/reviews/assignments/{review.assignments[0].id}").get_data(as_text=True)
    assert f"现场评审日期：{_day(10)}。" in page
    auth.login(world.members[0].email)
    result = client.get(f"/assessments/{world.assessments[0].id}/result").get_data(as_text=True)
    assert f"现场评审日期：{_day(10)}。" in result


def test_a_desk_review_is_due_in_21_days_by_default_and_keeps_no_visit(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    auth.login(world.lead.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign")
    assert f'value="{_day(21)}"' in page.get_data(as_text=True)
    _assign(client, world, kind="desk", visit_on=_day(5), due_on=_day(21))
    review = queries.find_review(world.assessments[0])
    assert review is not None
    assert review.visit_on is None
    assert {a.due_on for a in review.assignments} == {beijing_today() + dt.timedelta(days=21)}


def test_wrong_days_are_named_and_nobody_is_assigned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    auth.login(world.lead.email)
    refusals = [
        ({"kind": "onsite", "due_on": _day(21)}, "现场评审须填写现场评审日期"),
        ({"kind": "onsite", "visit_on": _day(25), "due_on": _day(21)}, "不能晚于评审结论提交期限"),
        ({"kind": "onsite", "visit_on": _day(-1), "due_on": _day(21)}, "现场评审日期不能早于今天"),
        ({"kind": "desk", "due_on": _day(-1)}, "评审结论提交期限不能早于今天"),
        ({"kind": "desk", "due_on": _day(900)}, "评审结论提交期限不能晚于本年度评审的最后一天"),
        ({"kind": "desk", "due_on": "下周"}, "评审结论提交期限“下周”不是有效日期"),
    ]
    for fields, message in refusals:
        page = _assign(client, world, **fields)
        assert message in page, fields
        assert queries.find_review(world.assessments[0]) is None
    client.get("/lang/en")
    page = _assign(client, world, kind="onsite", due_on=_day(21))
    assert "An on-site review needs an on-site visit date" in page
