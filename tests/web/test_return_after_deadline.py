"""Returning an assessment after the organisation's deadline (QA13 D3).

It could not resubmit: the return form says so and grants a late submission in the same
step; the notice states the day to resubmit by; the home page of a returned assessment
past its deadline does not say "可以提交".
"""

from __future__ import annotations

import datetime as dt
import html

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import World, make_user, make_world, submitted_assessment


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _late_world(db_session: Session) -> tuple[World, Assessment]:
    world = make_world()
    assessment = submitted_assessment(world)
    world.cycle.deadline = _days(-3)
    make_user(world.org_a, email="en@example.cn").language = "en"
    db_session.commit()
    return world, assessment


def _status(db_session: Session, assessment: Assessment) -> AssessmentStatus:
    db_session.refresh(assessment)
    return assessment.status


def _return_page(client: FlaskClient, assessment: Assessment, **data: str) -> tuple[int, str]:
    response = client.post(f"/cycles/assessments/{assessment.id}/return", data=data)
    return response.status_code, html.unescape(response.get_data(as_text=True))


def test_the_return_form_after_the_deadline_offers_the_extension_in_the_same_step(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _late_world(db_session)
    auth.login(world.secretariat.email)
    page = html.unescape(
        client.get(f"/cycles/assessments/{assessment.id}/return").get_data(as_text=True)
    )
    assert f"本年度提交截止日期 {_days(-3).isoformat()} 已过" in page
    assert "退回后它不能重新提交" in page
    assert f'value="{_days(14).isoformat()}"' in page  # two weeks from today, as the late form
    assert "退回并允许逾期提交" in page

    # No day: refused naming the field, the comment and the notes kept.
    status, page = _return_page(
        client, assessment, comment="请补充证据", until="", **{"note-MS.G1.1": "未盖章"}
    )
    assert status == 422
    assert "请填写“延期至”日期" in page
    assert "请补充证据</textarea>" in page
    assert "未盖章</textarea>" in page
    status, page = _return_page(client, assessment, comment="请补充证据", until="2020-01-01")
    assert status == 422
    assert "“延期至”不能早于今天" in page
    assert _status(db_session, assessment) is AssessmentStatus.SUBMITTED
    assert db_session.scalar(select(LateAllowance)) is None

    until = _days(10).isoformat()
    response = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "请补充证据", "until": until},
        follow_redirects=True,
    )
    assert f"并已允许其逾期提交，延期至 {until}" in html.unescape(response.get_data(as_text=True))
    assert _status(db_session, assessment) is AssessmentStatus.RETURNED
    allowance = db_session.scalar(select(LateAllowance))
    assert allowance is not None
    assert allowance.until == _days(10)

    mails = {m.to_address: m for m in db_session.scalars(select(OutboxMessage))}
    assert f"请于 {until}（含，北京时间）前重新提交" in mails[world.user_a.email].body
    assert f"resubmit by {until}" in mails["en@example.cn"].body

    # The organisation can resubmit, and its home page says so without contradiction.
    auth.logout()
    auth.login(world.user_a.email)
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert "提交截止日期已过；如需逾期提交" not in home
    client.post(f"/assessments/{assessment.id}/submit")
    assert _status(db_session, assessment) is AssessmentStatus.SUBMITTED


def test_before_the_deadline_the_return_asks_no_day_and_the_mail_names_the_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    form = client.get(f"/cycles/assessments/{assessment.id}/return").get_data(as_text=True)
    assert 'name="until"' not in form
    status, _page = _return_page(client, assessment, comment="请补充证据", until="garbage")
    assert status == 302  # a day nobody was asked for is ignored
    assert db_session.scalar(select(LateAllowance)) is None
    (mail,) = db_session.scalars(select(OutboxMessage))
    deadline = world.cycle.deadline.isoformat()
    assert f"请于 {deadline}（含，北京时间）前重新提交" in mail.body


def test_a_returned_assessment_past_its_deadline_is_not_called_ready_to_submit(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    _return_page(client, assessment, comment="请补充证据")
    world.cycle.deadline = _days(-1)  # the deadline passed while it was back for revision
    db_session.commit()
    auth.logout()
    auth.login(world.user_a.email)
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert "提交截止日期已过；如需逾期提交，请联系秘书处开通。" in home
    assert "所有内容已填写，可以提交。" not in home
    assert "秘书处允许逾期提交后才能提交" in home
