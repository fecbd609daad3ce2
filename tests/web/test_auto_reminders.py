"""Automatic deadline reminders: the days they go out, who gets them, what the cycle page says.

Deadlines are set relative to the Beijing date of the run (as the other cycle tests do), and
the round is called with that date: the once-a-day rule counts the same Beijing day. An
earlier round is an audit entry dated back to the day it ran (`_ran_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import create_app
from rcapp.accounts.models import User
from rcapp.assessments.models import AssessmentStatus
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.clock import BEIJING, beijing_today
from rcapp.cycles import auto_reminders
from rcapp.cycles.auto_reminders import (
    DEFAULT_DAYS_BEFORE,
    days_before,
    due_round,
    next_reminder_day,
    remind_due,
)
from rcapp.cycles.models import CycleStatus, LateAllowance, ReportingCycle
from rcapp.cycles.reminders import send_reminders
from rcapp.cycles.tasks import remind_before_deadlines
from rcapp.mail.debug_server import DebugSmtpServer
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.queue import huey
from tests.audit_guard import allow_audit_deletes
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


def _ran_on(cycle: ReportingCycle, days_ago: int) -> None:
    """Record an automatic round as run at 09:00 (Beijing) `days_ago` days ago."""
    day = beijing_today() - dt.timedelta(days=days_ago)
    entry = record(None, "cycle", cycle.id, "remind.auto", after={"messages": 0})
    entry.at = dt.datetime.combine(day, dt.time(9), tzinfo=BEIJING).astimezone(dt.UTC)


def _mail_to(session: Session, world: Round) -> str:
    return _reminded(session)[world.users["未开始化工"].email].body


@pytest.mark.parametrize("deadline_in", [30, 15, -1, -3, -14])
def test_nobody_is_reminded_before_the_first_reminder_day_or_once_the_deadline_has_passed(
    db_session: Session, deadline_in: int
) -> None:
    world = _round(deadline_in)
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}
    assert _auto_entries(db_session, world.cycle) == []


def test_a_round_missed_while_the_worker_was_down_goes_out_the_next_day_once(
    db_session: Session,
) -> None:
    # The 14-days round ran; the worker was down on the 7-days day (yesterday).
    world = _round(6)
    _ran_on(world.cycle, 8)
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == [
        auto_reminders.CycleRound(world.cycle.id, 3, 3)
    ]
    assert "还剩 6 天" in _mail_to(db_session, world)
    latest = max(_auto_entries(db_session, world.cycle), key=lambda e: e.id)
    assert '"days_left": 6' in (latest.after or "")
    # Later runs the same day: nothing due, nothing sent, nothing recorded.
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert len(_reminded(db_session)) == 3
    assert len(_auto_entries(db_session, world.cycle)) == 2


@pytest.mark.parametrize(("deadline_in", "ran_days_ago"), [(13, 1), (10, 4), (8, 6)])
def test_after_the_14_days_round_nothing_goes_out_until_the_7_days_day(
    db_session: Session, deadline_in: int, ran_days_ago: int
) -> None:
    world = _round(deadline_in)
    _ran_on(world.cycle, ran_days_ago)  # the 14-days day
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}


def test_the_7_days_round_goes_out_after_the_14_days_one(db_session: Session) -> None:
    world = _round(7)
    _ran_on(world.cycle, 7)
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == [
        auto_reminders.CycleRound(world.cycle.id, 3, 3)
    ]


def test_two_missed_rounds_are_one_catch_up_round(db_session: Session) -> None:
    # 14 days ran; 7 and 3 were missed: one round today, two days before the deadline.
    world = _round(2)
    _ran_on(world.cycle, 12)
    db_session.flush()
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert len(_reminded(db_session)) == 3
    assert len(_auto_entries(db_session, world.cycle)) == 2
    assert "还剩 2 天" in _mail_to(db_session, world)


def test_no_round_is_caught_up_once_the_deadline_has_passed(db_session: Session) -> None:
    world = _round(-1)
    _ran_on(world.cycle, 8)  # the 7-days round; 3 and 1 were missed
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}


def test_a_round_due_on_a_day_nobody_is_left_to_remind_still_counts_as_run(
    db_session: Session,
) -> None:
    world = _round(7)
    for name in ("未开始化工", "草稿化工", "退回化工"):
        world.users[name].is_active = False
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == [
        auto_reminders.CycleRound(world.cycle.id, 0, 0)
    ]
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert len(_auto_entries(db_session, world.cycle)) == 1


def test_a_closed_cycle_is_not_reminded(db_session: Session) -> None:
    world = _round(7)
    world.cycle.status = CycleStatus.CLOSED
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == []
    assert _reminded(db_session) == {}


def test_a_manual_reminder_earlier_the_same_day_is_not_sent_twice(db_session: Session) -> None:
    # The per-person once-a-day rule of reminders.send_reminders still holds.
    world = _round(3)
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert len(_reminded(db_session)) == 3
    [entry] = _auto_entries(db_session, world.cycle)
    allow_audit_deletes(db_session)  # the log is append-only; this stands for a manual round
    db_session.delete(entry)  # as if only the mails had gone out (a manual round)
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == [
        auto_reminders.CycleRound(world.cycle.id, 0, 0)
    ]
    assert len(list(db_session.scalars(select(OutboxMessage)))) == 3


D = dt.date(2027, 3, 31)


@pytest.mark.parametrize(
    ("today", "last_run", "due"),
    [
        (D - dt.timedelta(days=15), None, None),  # before the first day
        (D - dt.timedelta(days=14), None, D - dt.timedelta(days=14)),
        (D - dt.timedelta(days=14), D - dt.timedelta(days=14), None),  # ran today
        (D - dt.timedelta(days=13), D - dt.timedelta(days=14), None),
        (D - dt.timedelta(days=6), D - dt.timedelta(days=14), D - dt.timedelta(days=7)),
        (D - dt.timedelta(days=2), D - dt.timedelta(days=14), D - dt.timedelta(days=3)),
        (D, D - dt.timedelta(days=1), None),  # 0 is not a reminder day here
        (D + dt.timedelta(days=1), D - dt.timedelta(days=7), None),  # passed
    ],
)
def test_the_round_due_is_the_latest_reminder_day_not_run_yet(
    today: dt.date, last_run: dt.date | None, due: dt.date | None
) -> None:
    assert due_round(D, today, (14, 7, 3, 1), last_run) == due


def test_a_round_on_the_deadline_day_itself_with_day_0(db_session: Session) -> None:
    _round(0)
    assert due_round(beijing_today(), beijing_today(), (0,), None) == beijing_today()
    assert len(remind_due(beijing_today(), (7, 0))) == 1


@pytest.mark.parametrize(("deadline_in", "reminded"), [(7, True), (-1, False), (-7, False)])
def test_a_late_allowance_without_end_date_counts_down_to_the_cycles_deadline(
    db_session: Session, deadline_in: int, reminded: bool
) -> None:
    # Allowed before dates existed: reminded with everyone on the cycle's days; after the
    # deadline it may still submit, but there is no day of its own to count down to.
    world = _round(deadline_in)
    db_session.add(LateAllowance(cycle_id=world.cycle.id, organisation_id=world.idle.id))
    db_session.flush()
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert (world.users["未开始化工"].email in _reminded(db_session)) is reminded


def test_an_extended_organisation_is_reminded_of_its_own_date_after_the_cycles_deadline(
    db_session: Session,
) -> None:
    world = _round(-5)
    until = beijing_today() + dt.timedelta(days=3)
    db_session.add(
        LateAllowance(cycle_id=world.cycle.id, organisation_id=world.idle.id, until=until)
    )
    db_session.flush()
    assert remind_due(beijing_today(), DEFAULT_DAYS_BEFORE) == [
        auto_reminders.CycleRound(world.cycle.id, 1, 1)
    ]
    assert set(_reminded(db_session)) == {world.users["未开始化工"].email}
    body = _mail_to(db_session, world)
    assert f"延期至 {until.isoformat()}" in body
    assert "还剩 3 天" in body
    [entry] = _auto_entries(db_session, world.cycle)
    assert until.isoformat() in (entry.after or "")
    assert "days_left" not in (entry.after or "")  # the cycle's own round was not due


def test_an_extended_organisation_is_left_out_of_the_cycles_round(db_session: Session) -> None:
    world = _round(7)
    until = beijing_today() + dt.timedelta(days=20)
    db_session.add(
        LateAllowance(cycle_id=world.cycle.id, organisation_id=world.idle.id, until=until)
    )
    db_session.flush()
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert world.users["未开始化工"].email not in _reminded(db_session)
    assert len(_reminded(db_session)) == 2


def test_the_date_of_an_organisation_that_has_submitted_makes_no_round(
    db_session: Session,
) -> None:
    # The cycle's deadline passed; the submitted organisation's allowance ends in 7 days,
    # the one still waiting in 20: the next round is 14 days before the waiting one's day
    # (in 6 days), not today (7 days before the submitted one's), when nobody gets a mail.
    world = _round(-5)
    today = beijing_today()
    for organisation, days in ((world.done, 7), (world.idle, 20)):
        db_session.add(
            LateAllowance(
                cycle_id=world.cycle.id,
                organisation_id=organisation.id,
                until=today + dt.timedelta(days=days),
            )
        )
    db_session.flush()
    schedule = auto_reminders.schedule_of(world.cycle, today, DEFAULT_DAYS_BEFORE)
    assert not schedule.due_now
    assert schedule.next_on == today + dt.timedelta(days=6)
    assert remind_due(today, DEFAULT_DAYS_BEFORE) == []
    assert _auto_entries(db_session, world.cycle) == []


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


def test_the_worker_starts_the_task_every_hour_of_the_beijing_working_day() -> None:
    # Huey reads crontabs in UTC; 01:00-10:00 UTC is 09:00-18:00 in Beijing.
    def due_at(hour: int, minute: int = 0) -> bool:
        at = dt.datetime(2026, 12, 3, hour, minute)  # noqa: DTZ001 - UTC
        tasks = huey.read_periodic(at)
        return any(isinstance(t, remind_before_deadlines.task_class) for t in tasks)

    assert all(due_at(hour) for hour in range(1, 11))
    assert not due_at(0)
    assert not due_at(11)
    assert not due_at(23)
    assert not due_at(1, 30)


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
    today = beijing_today().isoformat()  # the 14-days round (4 days ago) has not run
    page = _cycle_page(client, world.cycle, "zh_CN")
    assert "截止日期前 14、7、3、1 天的北京时间 9:00" in page
    assert "每小时检查一次" in page
    assert f"下次自动提醒：今天（{today}），在北京时间 9:00 至 18:00 的下一次整点检查时" in page
    assert "本年度尚未自动发送过提醒。" in page
    page = _cycle_page(client, world.cycle, "en")
    assert "14, 7, 3, 1 days before the deadline" in page
    assert "a round missed while the service was down is sent once at the next check" in page
    assert f"Next automatic reminders: today ({today}), at the next hourly check" in page
    assert "No automatic reminders have been sent for this year yet." in page

    _ran_on(world.cycle, 4)
    db_session.commit()
    page = _cycle_page(client, world.cycle, "zh_CN")
    assert f"下次自动提醒：{next_on} 北京时间 9:00。" in page
    page = _cycle_page(client, world.cycle, "en")
    assert f"Next automatic reminders: {next_on}, 09:00 Beijing time." in page

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
    _ran_on(world.cycle, 1)  # the last round, the day before the deadline
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


def test_a_second_worker_starting_the_same_round_records_it_once(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both read "no round yet"; the rival records its round while this one waits for the
    # cycle's row in send_reminders.
    world = _round(7)

    def rival_first(*args: Any, **kwargs: Any) -> Any:
        record(None, "cycle", world.cycle.id, "remind.auto", after={"messages": 0})
        db_session.flush()
        return send_reminders(*args, **kwargs)

    monkeypatch.setattr(auto_reminders, "send_reminders", rival_first)
    remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert len(_auto_entries(db_session, world.cycle)) == 1
