"""QA13: deadlines and late submissions in the secretariat's year.

D4 a deadline that has passed can be recorded, after confirming who it makes late; S23 the
late organisations that have not submitted are counted apart; S6/S14 one label for an
allowance and a late form that refuses what there is nothing to allow; S13 a later
deadline ends the allowances it overtakes; S24/S3 the close page says the deadline is
ahead and a closed year offers no reminders; S7 reopening names the allowances that come
back; S4 the last day is written inclusive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import queries as assessment_queries
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.deadline_words import last_day
from rcapp.cycles.deadlines import newly_overdue, opened_on
from rcapp.cycles.late_allowances import LateRefusal, find_allowance, late_refusal
from rcapp.cycles.models import LateAllowance
from rcapp.cycles.reminder_mail import reminder_composer
from rcapp.cycles.tally import counts
from rcapp.db import utcnow
from rcapp.organisations.models import CommitmentStatus
from rcapp.rubrics.model import RubricKind
from tests.conftest import AuthActions
from tests.factories import World, make_world, start, submitted_assessment


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _world(session: Session, deadline_in: int = 30) -> World:
    """Two signatories, org A started, org B not; the year opened 60 days ago."""
    world = make_world()
    world.cycle.deadline = _days(deadline_in)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    session.flush()
    start(world)
    session.commit()
    return world


def _text(client: FlaskClient, url: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True)))


def _audit(session: Session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- D4: a past deadline, confirmed -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        ("zh_CN", "设为 {day} 后，2 个单位将逾期未提交："),
        ("en", "With the deadline {day}, 2 organisations will be late, not submitted:"),
    ],
)
def test_a_past_deadline_names_who_it_makes_late_and_saves_only_when_confirmed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, asked: str
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    day = _days(-4).isoformat()
    url = f"/cycles/{world.cycle.id}/deadline"
    shown = world.cycle.deadline.isoformat()
    response = client.post(url, data={"deadline": day, "shown": shown})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert asked.format(day=day) in page
    for organisation in (world.org_a, world.org_b):
        assert organisation.display_name("en" if lang == "en" else "zh") in page
    assert f'name="confirmed" value="{day}"' in page
    db_session.refresh(world.cycle)
    assert world.cycle.deadline == _days(30)  # nothing saved yet
    # A confirmation given for another day does not carry over.
    other = client.post(url, data={"deadline": day, "shown": shown, "confirmed": _days(-5)})
    assert other.status_code == 200
    db_session.refresh(world.cycle)
    assert world.cycle.deadline == _days(30)
    confirmed = client.post(url, data={"deadline": day, "shown": shown, "confirmed": day})
    assert confirmed.status_code == 302
    db_session.refresh(world.cycle)
    assert world.cycle.deadline == _days(-4)
    [entry] = _audit(db_session, "deadline.late")
    assert sorted([world.org_a.id, world.org_b.id]) == sorted(
        int(n) for n in re.findall(r"\d+", (entry.after or "").split("organisation_ids")[1])
    )
    assert len(_audit(db_session, "update")) == 1


def test_a_past_deadline_that_makes_no_one_late_needs_no_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=-2)  # both late already
    auth.login(world.secretariat.email)
    response = client.post(
        f"/cycles/{world.cycle.id}/deadline",
        data={"deadline": _days(-3).isoformat(), "shown": world.cycle.deadline.isoformat()},
    )
    assert response.status_code == 302
    assert _audit(db_session, "deadline.late") == []


def test_a_deadline_before_the_year_opened_is_still_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    before = (beijing_today() - dt.timedelta(days=90)).isoformat()
    page = client.post(f"/cycles/{world.cycle.id}/deadline", data={"deadline": before})
    assert page.status_code == 422
    assert "截止日期不能早于本年度开启的日期" in page.get_data(as_text=True)


def test_a_year_opened_on_a_past_day_is_recorded_as_opened_then(
    app: Flask, db_session: Session
) -> None:
    # The demo opens 2025 in January: the deadline form counts from that day, not today.
    company = next(s for s in assessment_queries.registry().list() if s.kind == "company")
    park = dataclasses.replace(company, kind=RubricKind.PARK)  # the test rubrics have no park
    opened = _days(-200)
    cycle = services.open_cycle(2019, company, park, _days(-100), None, opened)
    assert opened_on(cycle) == opened
    services.change_deadline(cycle, _days(-150), None)  # a past day after the opening
    assert cycle.deadline == _days(-150)


def test_newly_overdue_leaves_out_the_late_the_submitted_and_the_extended() -> None:
    class Row:
        def __init__(
            self, is_open: bool, late: bool, allowed: bool = False, until: dt.date | None = None
        ) -> None:
            self.is_open, self.late, self.late_allowed, self.late_until = (
                is_open,
                late,
                allowed,
                until,
            )

    today = dt.date(2026, 12, 5)
    waiting, late, done = Row(True, False), Row(True, True), Row(False, False)
    extended = Row(True, False, True, dt.date(2026, 12, 10))
    ended = Row(True, False, True, dt.date(2026, 12, 1))
    rows = [waiting, late, done, extended, ended]
    assert newly_overdue(rows, dt.date(2026, 12, 4), today) == [waiting, ended]
    assert newly_overdue(rows, dt.date(2026, 12, 5), today) == []  # today: still on time


# --- S23: late and not submitted, counted apart -------------------------------------------


def test_counts_keep_the_late_not_submitted_apart() -> None:
    class Row:
        def __init__(self, status: str, late: bool) -> None:
            self.status, self.late, self.late_allowed = status, late, False

        @property
        def is_open(self) -> bool:
            return self.status != "submitted"

    found = counts([Row("draft", True), Row("submitted", True), Row("not_started", False)])
    assert (found["late"], found["overdue"], found["open"]) == (2, 1, 2)


@pytest.mark.parametrize(
    ("lang", "label"), [("zh_CN", "逾期未提交"), ("en", "Late, not submitted")]
)
def test_home_and_list_show_the_late_not_submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    world = _world(db_session, deadline_in=-2)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    home = _text(client, "/")
    # the home tiles write their labels in lower case after the number ("2 late, not submitted")
    assert re.search(rf"2\s*{re.escape(label)}", home, flags=re.IGNORECASE)
    url = f"/cycles/{world.cycle.id}/organisations?status=overdue"
    listed = _text(client, url)
    assert f"{label}（2）" in listed or f"{label} (2)" in listed or f"{label}（2" in listed
    detail = _text(client, f"/cycles/{world.cycle.id}")
    assert ("逾期未提交 2 家，逾期提交 0 份" if lang == "zh_CN" else "2 late, not submitted") in (
        detail
    )


# --- S6/S14: one label; the late form refuses what there is nothing to allow --------------


def test_the_late_form_refuses_a_submitted_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    submitted_assessment(world)
    world.cycle.deadline = _days(-1)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    page = _text(client, url)
    assert "提交本年度自评，无需允许逾期提交" in page
    assert "保存延期日期" not in page
    response = client.post(url, data={"until": _days(5).isoformat(), "shown": ""})
    assert response.status_code == 409
    assert find_allowance(world.cycle.id, world.org_a.id) is None


@pytest.mark.parametrize(
    ("lang", "ahead"),
    [
        ("zh_CN", "本年度截止日期 {day} 尚未过去（还剩 3 天）。单位提前申请更多时间时"),
        ("en", "The year's deadline, {day}, has not passed (3 days left). An organisation"),
    ],
)
def test_the_late_form_grants_an_extension_before_the_deadline_too(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, ahead: str
) -> None:
    """A company asking ahead for more time is answered at once (QA, December 2026)."""
    world = _world(db_session, deadline_in=3)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    assert ahead.format(day=_days(3).isoformat()) in _text(client, url)
    response = client.post(url, data={"until": _days(9).isoformat(), "shown": ""})
    assert response.status_code == 302
    allowance = find_allowance(world.cycle.id, world.org_a.id)
    assert allowance is not None
    assert allowance.until == _days(9)


def test_late_refusal_rule() -> None:
    assert late_refusal(submitted=False) is None  # before or after the deadline alike
    assert late_refusal(submitted=True) is LateRefusal.SUBMITTED


# --- S13: a later deadline ends the allowances it overtakes -------------------------------


def test_a_later_deadline_ends_an_overtaken_allowance_and_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=-3)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(5), None)
    services.allow_late_submission(world.cycle, world.org_b.id, _days(40), None)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/cycles/{world.cycle.id}/deadline",
        data={"deadline": _days(20).isoformat(), "shown": world.cycle.deadline.isoformat()},
        follow_redirects=True,
    )
    assert "1 个单位的逾期提交延期不晚于新的截止日期，已随之结束" in response.get_data(as_text=True)
    assert find_allowance(world.cycle.id, world.org_a.id) is None
    assert find_allowance(world.cycle.id, world.org_b.id) is not None
    [entry] = _audit(db_session, "late.superseded")
    assert _days(5).isoformat() in (entry.before or "")
    roster = _text(client, f"/cycles/{world.cycle.id}/organisations")
    # the moved deadline is still ahead: an extension, not yet a late submission
    assert f"已延期 · 至 {_days(40).isoformat()}" in roster
    assert _days(5).isoformat() not in roster


def test_an_overtaken_allowance_left_in_the_data_is_not_shown_as_an_extension(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=10)
    db_session.add(
        LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id, until=_days(4))
    )
    db_session.commit()
    auth.login(world.secretariat.email)
    roster = _text(client, f"/cycles/{world.cycle.id}/organisations")
    assert "已准许逾期提交" not in roster
    close = _text(client, f"/cycles/{world.cycle.id}/close")
    assert "逾期提交延期尚未结束" not in close


# --- S24 / S3: the close page and a closed year ---------------------------------------------


@pytest.mark.parametrize(
    ("lang", "warned"),
    [
        ("zh_CN", "截止日期 {day} 24:00 尚未到（还剩 25 天）"),
        ("en", "The deadline, 24:00 on {day}, has not been reached (25 days left)"),
    ],
)
def test_the_close_page_says_the_deadline_is_ahead(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, warned: str
) -> None:
    world = _world(db_session, deadline_in=25)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = _text(client, f"/cycles/{world.cycle.id}/close")
    assert warned.format(day=_days(25).isoformat()) in page
    world.cycle.deadline = _days(-1)
    db_session.commit()
    assert 'id="deadline-ahead"' not in client.get(f"/cycles/{world.cycle.id}/close").get_data(
        as_text=True
    )


def test_a_closed_year_offers_no_reminders(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=-1)
    services.close_cycle(world.cycle, None)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    panel = page.split('<section class="panel">', 1)[1].split("</section>", 1)[0]
    # The counts still open the list filtered; the actions offer no list to remind from.
    actions = panel.split('<p class="actions">', 1)[1]
    assert "status=open" not in actions
    assert "status=overdue" not in actions
    assert "尚未提交" not in panel
    assert "/outbox/" not in panel  # the navigation bar keeps its own link


# --- S7: reopening names the allowances that come back --------------------------------------


def test_reopening_names_the_allowances_that_come_back_and_audits_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=-3)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(6), None)
    services.close_cycle(world.cycle, None)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/reopen"
    page = _text(client, url)
    assert "重新开放后，1 个单位的逾期提交延期将恢复" in page
    assert f"{world.org_a.name_zh} · 已准许逾期提交 · 至 {_days(6).isoformat()} · 还剩 6 天" in page
    response = client.post(url, data={"reason": "更正某单位的数据"}, follow_redirects=True)
    assert "1 个单位的逾期提交延期随之恢复" in response.get_data(as_text=True)
    [entry] = _audit(db_session, "reopen")
    assert f'"{world.org_a.id}": "{_days(6).isoformat()}"' in (entry.after or "")


# --- S4: the last day, inclusive ------------------------------------------------------------


def test_the_last_day_is_written_to_its_end(app: Flask) -> None:
    with app.test_request_context():
        assert last_day(dt.date(2026, 12, 20)) == "2026-12-20 24:00"


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("zh", "提醒：请在 {day} 24:00 前提交 2025 年度责任关怀自评"),
        ("en", "by 24:00 on {day}"),
    ],
)
def test_the_reminder_subject_includes_the_last_day(
    app: Flask, db_session: Session, language: str, subject: str
) -> None:
    world = _world(db_session, deadline_in=-3)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(15), None)
    world.user_a.language = language
    db_session.commit()
    with app.test_request_context():
        written, _body = reminder_composer(world.cycle)(world.user_a, world.org_a)
    assert subject.format(day=_days(15).isoformat()) in written
