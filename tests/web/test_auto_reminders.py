"""Automatic deadline reminders: the days they go out, who gets them, what the cycle page says.

Deadlines are set relative to the Beijing date of the run (as the other cycle tests do), and
the daily round is called with that date: the once-a-day rule counts the same Beijing day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import create_app
from rcapp.accounts.models import User
from rcapp.assessments.models import AssessmentStatus
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles import auto_reminders
from rcapp.cycles.auto_reminders import (
    DEFAULT_DAYS_BEFORE,
    days_before,
    next_reminder_day,
    remind_due,
)
from rcapp.cycles.models import CycleStatus, LateAllowance, ReportingCycle
from rcapp.cycles.tasks import remind_before_deadlines
from rcapp.mail.debug_server import DebugSmtpServer
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.queue import huey
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
)
from tests.mail_server import smtp_server  # noqa: F401 - fixture


@dataclass
class Round:
    cycle: ReportingCycle
    idle: Organisation  # not started
    drafting: Organisation
    returned: Organisation
    done: Organisation  # submitted
    users: dict[str, User]  # by organisation name


def _round(deadline_in: int) -> Round:
    cycle = make_cycle(deadline=beijing_today() + dt.timedelta(days=deadline_in))
    orgs = {}
    users = {}
    for n, name in enumerate(("未开始化工", "草稿化工", "退回化工", "已提交化工")):
        orgs[name] = make_organisation(name_zh=name, commitment_status=CommitmentStatus.SIGNED)
        users[name] = make_user(orgs[name], email=f"hse{n}@example.cn")
    make_assessment(orgs["草稿化工"], cycle)
    make_assessment(orgs["退回化工"], cycle, status=AssessmentStatus.RETURNED)
    make_assessment(orgs["已提交化工"], cycle, status=AssessmentStatus.SUBMITTED)
    idle, drafting, returned, done = orgs.values()
    return Round(cycle, idle, drafting, returned, done, users)


def _reminded(session: Session) -> dict[str, OutboxMessage]:
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
    return {m.to_address: m for m in messages}


def _auto_entries(session: Session, cycle: ReportingCycle) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == cycle.id, AuditEntry.action == "remind.auto"
            )
        )
    )


@pytest.mark.parametrize("deadline_in", [14, 7, 3, 1])
def test_every_organisation_that_has_not_submitted_is_reminded_on_the_set_days(
    db_session: Session, deadline_in: int
) -> None:
    world = _round(deadline_in)
    rounds = remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    reminded = _reminded(db_session)
    waiting = (world.idle, world.drafting, world.returned)
    assert set(reminded) == {u.email for n, u in world.users.items() if n != "已提交化工"}
    assert {m.organisation_id for m in reminded.values()} == {o.id for o in waiting}
    assert all(m.cycle_id == world.cycle.id and m.created_by_id is None for m in reminded.values())
    assert rounds == [auto_reminders.CycleRound(world.cycle.id, 3, 3)]
    [entry] = _auto_entries(db_session, world.cycle)
    assert entry.actor_id is None
    assert '"organisations_reminded": 3' in (entry.after or "")


@pytest.mark.parametrize("deadline_in", [30, 13, 8, 5, 2, 0, -1, -3, -14])
def test_nobody_is_reminded_on_other_days_or_once_the_deadline_has_passed(
    db_session: Session, deadline_in: int
) -> None:
    world = _round(deadline_in)
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}
    assert _auto_entries(db_session, world.cycle) == []


def test_a_closed_cycle_is_not_reminded(db_session: Session) -> None:
    world = _round(7)
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}


def test_a_second_run_the_same_day_sends_nothing_new_and_keeps_one_record(
    db_session: Session,
) -> None:
    world = _round(3)
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    first = set(_reminded(db_session))
    again = remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert again == [auto_reminders.CycleRound(world.cycle.id, 0, 0)]
    assert set(_reminded(db_session)) == first
    assert len(list(db_session.scalars(select(OutboxMessage)))) == 3
    assert len(_auto_entries(db_session, world.cycle)) == 1


@pytest.mark.parametrize(("deadline_in", "reminded"), [(7, True), (-1, False), (-7, False)])
def test_a_late_allowance_has_no_date_of_its_own_so_the_cycles_deadline_counts(
    db_session: Session, deadline_in: int, reminded: bool
) -> None:
    # Allowed before the deadline: reminded with everyone on the cycle's days. Allowed after
    # it: may still submit, but there is no day of its own to count down to.
    world = _round(deadline_in)
    db_session.add(LateAllowance(cycle_id=world.cycle.id, organisation_id=world.idle.id))
    db_session.flush()
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert (world.users["未开始化工"].email in _reminded(db_session)) is reminded


def test_the_daily_task_mails_each_recipient_in_their_language(
    app: Flask,
    db_session: Session,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    world = _round(1)
    world.users["草稿化工"].language = "en"
    db_session.commit()
    assert remind_before_deadlines.call_local() == 3
    mails = {r.recipients[0]: r for r in smtp_server.received}
    assert set(mails) == {u.email for n, u in world.users.items() if n != "已提交化工"}
    english = mails[world.users["草稿化工"].email]
    assert english.subject.startswith("Reminder: please submit")
    assert "1 day left" in english.body
    chinese = mails[world.users["未开始化工"].email]
    assert chinese.subject.startswith("提醒：请在")
    assert "还剩 1 天" in chinese.body


def test_an_empty_setting_switches_the_task_off(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _round(7)
    monkeypatch.setitem(app.config, "REMINDER_DAYS_BEFORE", [])  # RCAPP_REMINDER_DAYS_BEFORE=[]
    assert remind_before_deadlines.call_local() == 0
    assert _reminded(db_session) == {}


def test_the_worker_starts_the_task_at_nine_in_beijing() -> None:
    # Huey reads crontabs in UTC; 01:00 UTC is 09:00 in Beijing.
    def due_at(hour: int) -> bool:
        tasks = huey.read_periodic(dt.datetime(2026, 12, 3, hour, 0))  # noqa: DTZ001 - UTC
        return any(isinstance(t, remind_before_deadlines.task_class) for t in tasks)

    assert due_at(1)
    assert not due_at(9)
    assert not due_at(0)


@pytest.mark.parametrize(
    ("setting", "days"),
    [
        ((14, 7, 3, 1), (14, 7, 3, 1)),
        ([1, 7, 7], (7, 1)),
        (5, (5,)),
        ((), ()),
        ([], ()),
        ([0], (0,)),
    ],
)
def test_the_days_setting_is_read_largest_first(setting: object, days: tuple[int, ...]) -> None:
    assert days_before({"REMINDER_DAYS_BEFORE": setting}) == days


@pytest.mark.parametrize("setting", [[-1], "7", [1.5], [True], None])
def test_a_days_setting_that_is_not_whole_days_is_refused(setting: object) -> None:
    with pytest.raises(ValueError, match="REMINDER_DAYS_BEFORE"):
        days_before({"REMINDER_DAYS_BEFORE": setting})


def test_a_mistyped_days_setting_stops_the_app_from_starting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="REMINDER_DAYS_BEFORE"):
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
                "REMINDER_DAYS_BEFORE": [7, -1],
            }
        )


def test_the_default_days_are_two_weeks_one_week_three_days_and_one_day() -> None:
    assert days_before({}) == (14, 7, 3, 1)


def test_the_next_reminder_day_is_the_first_one_left() -> None:
    deadline = dt.date(2027, 3, 31)
    assert next_reminder_day(deadline, dt.date(2027, 3, 1), (14, 7)) == dt.date(2027, 3, 17)
    assert next_reminder_day(deadline, dt.date(2027, 3, 17), (14, 7)) == dt.date(2027, 3, 17)
    assert next_reminder_day(deadline, dt.date(2027, 3, 18), (14, 7)) == dt.date(2027, 3, 24)
    assert next_reminder_day(deadline, dt.date(2027, 3, 25), (14, 7)) is None


def _cycle_page(client: FlaskClient, cycle: ReportingCycle, lang: str) -> str:
    client.get(f"/lang/{lang}")
    response = client.get(f"/cycles/{cycle.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_cycle_page_shows_the_schedule_and_the_last_round_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _round(10)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    next_on = (beijing_today() + dt.timedelta(days=3)).isoformat()  # 7 days before
    page = _cycle_page(client, world.cycle, "zh_CN")
    assert "截止日期前 14、7、3、1 天的北京时间 9:00" in page
    assert f"下次自动提醒：{next_on} 北京时间 9:00。" in page
    assert "本年度尚未自动发送过提醒。" in page
    page = _cycle_page(client, world.cycle, "en")
    assert "14, 7, 3, 1 days before the deadline" in page
    assert f"Next automatic reminders: {next_on}, 09:00 Beijing time." in page
    assert "No automatic reminders have been sent for this year yet." in page

    world.cycle.deadline = beijing_today() + dt.timedelta(days=7)
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    db_session.commit()
    next_on = (beijing_today() + dt.timedelta(days=4)).isoformat()  # today's round has run
    page = _cycle_page(client, world.cycle, "zh_CN")
    assert "提醒了 3 个单位（3 封邮件）" in page
    assert f"下次自动提醒：{next_on}" in page
    page = _cycle_page(client, world.cycle, "en")
    assert "3 organisations reminded (3 e-mails)" in page
    roster = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert "3 organisations reminded (3 e-mails)" in roster  # beside the manual reminder
    log = client.get(f"/audit/?entity=cycle&entity_id={world.cycle.id}").get_data(as_text=True)
    assert "Automatic reminders (before the deadline)" in log
    assert "Organisations reminded" in log
    assert "Automatic task" in log  # who did it: the worker, not "Command line"
    assert "Command line" not in log


def test_the_cycle_page_says_when_automatic_reminders_are_off_or_over(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = _round(0)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert "截止日期前不再有自动提醒。" in _cycle_page(client, world.cycle, "zh_CN")
    assert "No more automatic reminders before the deadline." in _cycle_page(
        client, world.cycle, "en"
    )
    monkeypatch.setitem(app.config, "REMINDER_DAYS_BEFORE", ())
    assert "自动提醒已在服务器设置中关闭" in _cycle_page(client, world.cycle, "zh_CN")
    assert "Automatic reminders are switched off in the server settings" in _cycle_page(
        client, world.cycle, "en"
    )
