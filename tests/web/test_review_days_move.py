"""A running review's visit day and due day move without adding a reviewer (qa85 #1).

The assign form refused a day change with "请至少选择一名评审员。"; withdrawing and assigning
again deleted the reviewer's work. The assign page now has a form for the days alone: the
assign form's day rules, a version check naming who changed them meanwhile (the input
kept), an audit entry, the moved-day mail to the reviewers and the company's "changed"
notice, nothing mailed when nothing changed; lead, deputy and secretariat only, never once
the review is final.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import Hand
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import review_days
from rcapp.reviews.company_mail import CHANGED
from rcapp.reviews.errors import ReviewDaysChanged, ReviewFinalised
from rcapp.reviews.models import Review, ReviewKind
from rcapp.reviews.services import AssignDates, assign_reviewers
from rcapp.reviews.visit_mail import queue_visit_moved, visit_seen
from tests.conftest import AuthActions
from tests.factories import make_group_deputy
from tests.factories_reviews import ReviewWorld, make_review_world, submit_and_finalise


def _day(days: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=days)


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(4)
    made.companies[0].site_address = "南京市江北新区化工大道 8 号"
    made.reviewers[2].language = "en"
    db_session.commit()
    return made


@pytest.fixture
def review(db_session: Session, world: ReviewWorld) -> Review:
    assigned = assign_reviewers(
        world.assessments[0],
        ReviewKind.ONSITE,
        [world.reviewers[1], world.reviewers[2]],
        world.lead,
        dates=AssignDates(_day(30), _day(20)),
    )
    db_session.commit()
    return assigned


@pytest.fixture
def deputy(db_session: Session, world: ReviewWorld) -> User:
    user = make_group_deputy(world.group)
    db_session.commit()
    return user


@pytest.fixture
def as_lead(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> FlaskClient:
    auth.login(world.lead.email)
    return client


def _mails(db_session: Session, user: User, kind: str = "review") -> list[OutboxMessage]:
    query = select(OutboxMessage).where(
        OutboxMessage.to_address == user.email, OutboxMessage.kind == kind
    )
    return list(db_session.scalars(query.order_by(OutboxMessage.id)))


def _post(client: FlaskClient, review: Review, visit: str, due: str, seen: str | None = None):  # type: ignore[no-untyped-def]
    data = {"days-visit_on": visit, "days-due_on": due}
    data["days-seen"] = review_days.days_stamp(review) if seen is None else seen
    return client.post(f"/reviews/{review.id}/days", data=data)


def test_deputy_moves_the_visit_day_alone_and_everyone_is_told(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    review: Review,
    deputy: User,
) -> None:
    auth.login(deputy.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").get_data(True)
    assert "更改现场评审日期 / 提交期限" in page
    lead_page = client.get(f"/reviews/{review.id}/consolidate").get_data(True)
    assert f"现场评审日期：{_day(20)}。" in lead_page  # the lead's review page links the form
    assert "#days" in lead_page
    assert f'value="{_day(20).isoformat()}"' in page
    response = _post(client, review, _day(23).isoformat(), _day(30).isoformat())
    assert response.status_code == 302
    db_session.expire_all()
    assert review.visit_on == _day(23)
    assert len(review.assignments) == 2  # nobody added, nobody's work lost
    zh = _mails(db_session, world.reviewers[1])
    assert len(zh) == 1  # one mail each (assigned by the service, which mailed nothing)
    assert f"现场评审日期已由 {_day(20)} 改为 {_day(23)}。" in zh[0].body
    assert "现场评审地点：南京市江北新区化工大道 8 号" in zh[0].body
    en = _mails(db_session, world.reviewers[2])[0]
    assert f"moved from {_day(20)} to {_day(23)}" in en.body
    assert len(_mails(db_session, world.members[0], CHANGED)) == 1
    entry = db_session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "review.visit_on")
        .order_by(AuditEntry.id.desc())
    ).first()  # the latest: without ORDER BY, PostgreSQL may return the rows in any order
    assert entry is not None
    assert entry.actor_id == deputy.id
    done = client.get(response.location).get_data(True)
    assert "已发邮件通知评审员：评审员1、评审员2；" in done
    # The same days again: nothing is mailed, and the page says so.
    response = _post(client, review, _day(23).isoformat(), _day(30).isoformat())
    assert "日期未变" in client.get(response.location).get_data(True)
    assert len(_mails(db_session, world.reviewers[1])) == 1
    assert len(_mails(db_session, world.members[0], CHANGED)) == 1


def test_the_due_day_moves_for_the_open_reviewers(
    as_lead: FlaskClient, db_session: Session, world: ReviewWorld, review: Review
) -> None:
    client = as_lead
    response = _post(client, review, _day(20).isoformat(), _day(40).isoformat())
    assert response.status_code == 302
    db_session.expire_all()
    assert [a.due_on for a in review.assignments] == [_day(40), _day(40)]
    assert review.visit_on == _day(20)
    assert db_session.scalars(select(AuditEntry).where(AuditEntry.action == "review.due_on")).one()
    assert len(_mails(db_session, world.members[0], CHANGED)) == 1  # the company's due day
    # The reviewers who must meet it are told (before: nothing, the visit had not moved).
    zh = _mails(db_session, world.reviewers[1])
    assert len(zh) == 1
    first = review.assignments[0]
    assert zh[0].subject == f"评审结论提交期限变更：{world.companies[0].name_zh}（2025 年度）"
    assert f"{world.companies[0].name_zh} 2025 年度责任关怀自评的同行评审安排有变。" in zh[0].body
    assert f"您的评审结论提交期限已由 {_day(30)} 改为 {_day(40)}（北京时间）。" in zh[0].body
    assert f"/reviews/assignments/{first.id}" in zh[0].body
    assert "现场评审日期" not in zh[0].body  # the visit did not move: not said to have
    en = _mails(db_session, world.reviewers[2])
    assert len(en) == 1
    assert en[0].subject.startswith("Review due date changed: ")
    assert f"from {_day(30)} to {_day(40)} (Beijing time)" in en[0].body
    # The page names who was told: the reviewers, and the organisation's users.
    done = client.get(response.location).get_data(True)
    assert "已更改评审日期。已发邮件通知评审员：评审员1、评审员2；" in done
    assert f"{world.companies[0].name_zh}的用户：{world.members[0].name}、" in done


def test_only_reviewers_whose_due_day_moved_are_told_it(
    db_session: Session, world: ReviewWorld, review: Review
) -> None:
    later = review.assignments[1]
    later.due_on = _day(40)  # already due then: nothing moves for them
    db_session.commit()
    wanted = review_days.ReviewDays(_day(20), _day(40))
    moved = review_days.move_days(review, wanted, world.lead, review_days.days_stamp(review))
    assert moved.due_before == {review.assignments[0].id: _day(30)}
    assert not moved.visit
    told = queue_visit_moved(review, visit_seen(review), world.lead, due_before=moved.due_before)
    assert told == [review.assignments[0]]
    assert _mails(db_session, world.reviewers[2]) == []


def test_both_days_moved_make_one_mail_saying_both(
    as_lead: FlaskClient, db_session: Session, world: ReviewWorld, review: Review
) -> None:
    assert _post(as_lead, review, _day(25).isoformat(), _day(35).isoformat()).status_code == 302
    zh = _mails(db_session, world.reviewers[1])
    assert len(zh) == 1
    assert zh[0].subject.startswith("现场评审日期和提交期限变更：")
    assert f"现场评审日期已由 {_day(20)} 改为 {_day(25)}。" in zh[0].body
    assert f"您的评审结论提交期限已由 {_day(30)} 改为 {_day(35)}（北京时间）。" in zh[0].body
    en = _mails(db_session, world.reviewers[2])
    assert len(en) == 1
    assert en[0].subject.startswith("On-site review date and due date changed: ")


def test_a_desk_reviews_due_day_is_told_too(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    desk = assign_reviewers(
        world.assessments[1],
        ReviewKind.DESK,
        [world.reviewers[2]],
        world.lead,
        dates=AssignDates(_day(30)),
    )
    db_session.commit()
    auth.login(world.lead.email)
    assert _post(client, desk, "", _day(33).isoformat()).status_code == 302
    mails = _mails(db_session, world.reviewers[2])
    assert len(mails) == 1
    assert f"from {_day(30)} to {_day(33)}" in mails[0].body
    assert "on-site" not in mails[0].body.lower()


def test_the_day_rules_of_the_assign_form(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    review: Review,
) -> None:
    auth.login(world.lead.email)
    late = _post(client, review, _day(35).isoformat(), _day(30).isoformat())
    assert late.status_code == 400
    page = late.get_data(True)
    assert f"现场评审日期不能晚于评审结论提交期限（{_day(30)}）" in page
    assert f'value="{_day(35).isoformat()}"' in page  # the input kept
    past = _post(client, review, _day(-1).isoformat(), "")
    assert past.status_code == 400
    assert "现场评审日期" in past.get_data(True)
    db_session.expire_all()
    assert review.visit_on == _day(20)
    assert _mails(db_session, world.reviewers[1]) == []


def test_a_second_lead_is_refused_named_with_the_input_kept(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    review: Review,
    deputy: User,
) -> None:
    shown = review_days.days_stamp(review)
    auth.login(world.lead.email)
    assert _post(client, review, _day(22).isoformat(), _day(30).isoformat()).status_code == 302
    auth.logout()
    auth.login(deputy.email)
    stale = _post(client, review, _day(25).isoformat(), _day(30).isoformat(), seen=shown)
    assert stale.status_code == 409
    page = stale.get_data(True)
    assert f"{world.lead.name} 在您打开本页后已更改本评审的日期" in page
    assert f"现场评审日期：{_day(22)}" in page
    assert f'value="{_day(25).isoformat()}"' in page
    db_session.expire_all()
    assert review.visit_on == _day(22)


def test_only_those_who_manage_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    review: Review,
) -> None:
    for outsider in (world.reviewers[1], world.members[0]):
        auth.login(outsider.email)
        assert _post(client, review, _day(22).isoformat(), "").status_code == 403
        auth.logout()
    auth.login(world.secretariat.email)
    assert _post(client, review, _day(22).isoformat(), "").status_code == 302
    db_session.expire_all()
    assert review.visit_on == _day(22)


def test_service_refuses_a_final_review_and_a_stale_page(
    db_session: Session, world: ReviewWorld, review: Review
) -> None:
    wanted = review_days.ReviewDays(_day(21), None)
    with pytest.raises(ReviewDaysChanged) as refused:
        review_days.move_days(review, wanted, world.lead, "not-the-stamp")
    assert refused.value.visit_on == _day(20)
    assert refused.value.hand == Hand(mine=True, name=world.lead.name)  # the lead assigned it
    stamp = review_days.days_stamp(review)
    assert review_days.move_days(review, wanted, world.lead, stamp).changed
    again = review_days.move_days(review, wanted, world.lead, review_days.days_stamp(review))
    assert not again.changed
    submit_and_finalise(review, world.lead)
    with pytest.raises(ReviewFinalised):
        review_days.move_days(review, wanted, world.lead, review_days.days_stamp(review))
