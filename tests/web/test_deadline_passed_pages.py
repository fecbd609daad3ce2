"""Editing pages after the deadline passed while they were open (qa53 M1).

A save is kept as a draft, and each save's message and the header of every assessment page
say that the deadline has passed and what that means. A submit from an overview opened
before is refused once: the button asks the server first (submit_check), and the overview
the refusal leads to does not say it a second time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_user, make_world, start
from tests.locked_drafts import response_text as _text

PASSED = "提交截止日期已过；如需逾期提交，请联系秘书处开通。"
BADGE = "截止日期已过：可保存草稿，提交需秘书处开通逾期提交"


def _draft(db_session: Session, auth: AuthActions, days: int) -> tuple[World, Assessment]:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    world.cycle.deadline = beijing_today() + dt.timedelta(days=days)
    db_session.commit()
    auth.login(world.user_a.email)
    return world, assessment


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("sections/MS", {"MS.G1.1__level": "2", "MS.G1.1__comment": "补充说明"}),
        ("kpis", {"drills__value": "4"}),
    ],
)
def test_a_save_after_the_deadline_says_it_was_kept_as_a_draft(
    client: FlaskClient, db_session: Session, auth: AuthActions, page: str, data: dict[str, str]
) -> None:
    _world, assessment = _draft(db_session, auth, -1)
    shown = _text(
        client.post(f"/assessments/{assessment.id}/{page}", data=data, follow_redirects=True)
    )
    assert "已保存为草稿。" + PASSED in shown
    assert BADGE in shown  # the header too, beside 草稿


def test_a_save_before_the_deadline_says_only_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _draft(db_session, auth, 0)  # the deadline day itself still counts
    shown = _text(
        client.post(
            f"/assessments/{assessment.id}/kpis", data={"drills__value": "4"}, follow_redirects=True
        )
    )
    assert "已保存。" in shown
    assert PASSED not in shown
    assert BADGE not in shown


def test_the_header_says_so_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _draft(db_session, auth, -1)
    make_user(world.org_a, email="hse.en@example.cn").language = "en"
    db_session.commit()
    auth.logout()
    auth.login("hse.en@example.cn")
    shown = _text(client.get(f"/assessments/{assessment.id}/sections/C1"))
    assert "Deadline passed: drafts can be saved" in shown
    shown = _text(
        client.post(
            f"/assessments/{assessment.id}/kpis", data={"drills__value": "5"}, follow_redirects=True
        )
    )
    assert "Saved as a draft." in shown


def test_a_stale_submit_is_refused_once_without_the_confirm_question(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _draft(db_session, auth, 0)
    overview = _text(client.get(f"/assessments/{assessment.id}"))
    check = f"/assessments/{assessment.id}/submit/check"
    assert f'data-confirm-check="{check}"' in overview
    assert client.get(check).get_json() == {"refused": False, "note": None}

    assessment.cycle.deadline = beijing_today() - dt.timedelta(days=1)  # moved meanwhile
    db_session.commit()
    assert client.get(check).get_json()["refused"] is True  # so the button asks nothing
    shown = _text(client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True))
    assert shown.count(PASSED) == 1


def test_the_submit_question_names_a_colleague_who_saved_just_now(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _draft(db_session, auth, 5)
    colleague = make_user(world.org_a, email="wang@example.cn", name="王磊")
    db_session.commit()
    auth.logout()
    auth.login(colleague.email)
    saved = client.post(
        f"/assessments/{assessment.id}/sections/MS",
        data={"MS.G1.1__level": "3", "MS.G1.1__comment": "王磊补充"},
    )
    assert saved.status_code == 302
    auth.logout()
    auth.login(world.user_a.email)
    note = client.get(f"/assessments/{assessment.id}/submit/check").get_json()["note"]
    assert note.startswith("王磊在最近 15 分钟内保存过本自评")


def test_a_conflict_and_a_refused_value_in_one_save_are_both_counted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa53 m1: the message said only "有 1 项…已被他人修改"; "12%" was refused as well."""
    world, assessment = _draft(db_session, auth, 5)
    colleague = make_user(world.org_a, name="孙志强")
    db_session.commit()
    services.save_kpi_inputs(
        assessment, rubric_of(assessment), {"hours_employees": KpiEntry("1620000")}, colleague
    )
    db_session.commit()
    shown = _text(
        client.post(
            f"/assessments/{assessment.id}/kpis",
            data={
                "hours_employees__value": "1,700,000",
                "hours_employees__version": "1",
                "lti_employees__value": "12%",
            },
        )
    )
    assert "有 1 项在您打开本页后已被他人修改" in shown
    assert "另有 1 处输入有误，未保存" in shown
    assert "现存内容：数值：1,620,000" in shown  # as the table writes figures
