"""Who was reminded when: the roster's "last reminded" column, its Excel file, and the home page
of an organisation allowed to submit late with no end date.

Dates are relative to the Beijing date of the run, as the other cycle tests set them.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.clock import BEIJING, beijing_today
from rcapp.cycles.auto_reminders import remind_cycle
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
    make_world,
    start,
)

SIGNED = CommitmentStatus.SIGNED


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _signed(code: str, users: int) -> Organisation:
    organisation = make_organisation(
        name_zh=f"{code}化工", name_en=f"{code} Chemicals", commitment_status=SIGNED
    )
    for n in range(users):
        make_user(organisation, email=f"{code.lower()}{n}@example.cn")
    return organisation


def _set_up(db_session: Session, auth: AuthActions) -> tuple[ReportingCycle, list[Organisation]]:
    """Two organisations of two users each, and one without users (never reminded)."""
    cycle = make_cycle(deadline=_days(7))
    orgs = [_signed("Alpha", 2), _signed("Beta", 2), _signed("Gamma", 0)]
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    return cycle, orgs


def _remind(client: FlaskClient, cycle: ReportingCycle, *orgs: Organisation) -> None:
    response = client.post(
        f"/cycles/{cycle.id}/remind", data={"organisation_ids": [o.id for o in orgs]}
    )
    assert response.status_code == 302


def _backdate(db_session: Session, organisation: Organisation, days: int) -> None:
    """Move the organisation's reminders `days` days back, as if sent then (10:00 Beijing)."""
    moment = dt.datetime.combine(_days(-days), dt.time(10), tzinfo=BEIJING)
    db_session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.organisation_id == organisation.id)
        .values(created_at=moment.astimezone(dt.UTC))
    )
    db_session.commit()


def _cells(client: FlaskClient, cycle: ReportingCycle) -> dict[int, str]:
    """The "last reminded" cell (the one before the actions) of each row, by organisation id."""
    page = html.unescape(client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True))
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        tds = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        picked = re.search(r'name="organisation_ids" value="(\d+)"', tds[0]) if tds else None
        if picked:
            cells[int(picked.group(1))] = re.sub(r"\s+", " ", tds[-2]).strip()
    return cells


@pytest.mark.parametrize(
    ("lang", "header", "wording"),
    [("zh_CN", "上次提醒", "{day}（共 {n} 次）"), ("en", "Last reminded", "{day} ({n} in all)")],
)
def test_the_roster_shows_the_last_manual_or_automatic_reminder_and_how_many(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    header: str,
    wording: str,
) -> None:
    cycle, (alpha, beta, gamma) = _set_up(db_session, auth)
    client.get(f"/lang/{lang}")
    today = beijing_today().isoformat()
    _remind(client, cycle, alpha)
    _backdate(db_session, alpha, 5)
    assert _cells(client, cycle) == {
        alpha.id: wording.format(day=_days(-5).isoformat(), n=1),
        beta.id: "",
        gamma.id: "",
    }
    # Again today, by hand: two rounds to its two users are two reminders, not four.
    _remind(client, cycle, alpha)
    assert _cells(client, cycle)[alpha.id] == wording.format(day=today, n=2)
    # The worker's round reaches Beta; Alpha had today's already; Gamma has nobody to mail.
    assert remind_cycle(cycle, beijing_today(), {7}) is not None
    db_session.commit()
    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)
    assert re.search(rf'<th scope="col" >\s*<a href="[^"]*sort=reminded[^"]*">{header}</a>', page)
    assert _cells(client, cycle) == {
        alpha.id: wording.format(day=today, n=2),
        beta.id: wording.format(day=today, n=1),
        gamma.id: "",
    }


def test_the_day_shown_is_beijing_s(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """A reminder queued at 01:00 Beijing is still the previous day in UTC."""
    cycle, (alpha, _beta, _gamma) = _set_up(db_session, auth)
    _remind(client, cycle, alpha)
    moment = dt.datetime.combine(_days(-3), dt.time(1), tzinfo=BEIJING)
    db_session.execute(update(OutboxMessage).values(created_at=moment.astimezone(dt.UTC)))
    db_session.commit()
    assert _cells(client, cycle)[alpha.id] == f"{_days(-3).isoformat()}（共 1 次）"


@pytest.mark.parametrize(
    ("lang", "headers"),
    [("zh_CN", ("上次提醒", "提醒次数")), ("en", ("Last reminded", "Times reminded"))],
)
def test_the_roster_file_has_the_last_reminder_as_a_date_and_its_count(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    headers: tuple[str, str],
) -> None:
    cycle, (alpha, beta, gamma) = _set_up(db_session, auth)
    client.get(f"/lang/{lang}")
    _remind(client, cycle, alpha, beta)
    _backdate(db_session, alpha, 4)
    _remind(client, cycle, alpha)
    response = client.get(f"/reports/cycles/{cycle.id}/organisations.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = rows[0]
    assert header[-2:] == headers
    by_name = {row[0]: row[-2:] for row in rows[1:]}
    midnight = dt.datetime.combine(beijing_today(), dt.time())
    # A date cell (openpyxl reads it back as a datetime) and a number.
    assert by_name[alpha.display_name(lang[:2])] == (midnight, 2)
    assert by_name[beta.display_name(lang[:2])] == (midnight, 1)
    assert by_name[gamma.display_name(lang[:2])] == (None, None)
    # QA13 S12: shown as a day, as the page shows it, not "2026-12-05 00:00".
    last_reminded = [c for c in sheet[2] if c.value == headers[0]][0].column
    cells = [row[last_reminded - 1] for row in sheet.iter_rows(min_row=3) if row[0].value]
    dated = [c for c in cells if c.value is not None]
    assert dated
    assert all(c.number_format == "yyyy-mm-dd" for c in dated)
    times = "（北京时间）" if lang == "zh_CN" else "(Beijing time)"
    assert sum(times in str(c.value) for c in sheet[2]) == 2


@pytest.mark.parametrize(
    ("lang", "allowed", "overdue"),
    [
        # QA13 S6: the state, not the button's words
        ("zh_CN", "已准许逾期提交 · 无截止日期", "已过期 3 天"),
        ("en", "Late submission allowed · no end date", "deadline passed 3 days ago"),
    ],
)
def test_home_says_late_submission_is_allowed_without_end_not_days_overdue(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    allowed: str,
    overdue: str,
) -> None:
    world = make_world()
    world.cycle.deadline = _days(-3)
    start(world)
    # An allowance from before end dates existed: it has none.
    db_session.add(LateAllowance(cycle_id=world.cycle.id, organisation_id=world.org_a.id))
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert allowed in re.sub(r"<[^>]+>", "", home)
    assert overdue not in home


def _order(client: FlaskClient, url: str) -> list[int]:
    """The organisations of the page's rows, top to bottom (every row here is open)."""
    page = client.get(url).get_data(as_text=True)
    return [int(i) for i in re.findall(r'name="organisation_ids" value="(\d+)"', page)]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_roster_and_its_file_sort_by_last_reminded_with_the_never_reminded_last(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(deadline=_days(7))
    # By name Alpha comes first; it was never reminded, nor was Gamma (nobody to mail).
    alpha, beta, delta = _signed("Alpha", 1), _signed("Beta", 1), _signed("Delta", 1)
    gamma = _signed("Gamma", 0)
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    _remind(client, cycle, beta)
    _backdate(db_session, beta, 5)
    _remind(client, cycle, delta)
    never = [alpha.id, gamma.id]
    url = f"/cycles/{cycle.id}/organisations?sort=reminded&order="
    assert _order(client, url + "asc") == [beta.id, delta.id, *never]
    assert _order(client, url + "desc") == [delta.id, beta.id, *never]
    page = client.get(url + "desc").get_data(as_text=True)
    header = "上次提醒" if lang == "zh_CN" else "Last reminded"
    assert re.search(rf'aria-sort="descending">\s*<a href="[^"]*">{header} ↓</a>', page)

    # The file follows the page's sort.
    file_url = f"/reports/cycles/{cycle.id}/organisations.xlsx?sort=reminded&order="
    for order, first in (("asc", [beta, delta]), ("desc", [delta, beta])):
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(file_url + order).data)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))[1:]  # under the header
        names = [row[0] for row in rows]
        assert names == [o.display_name(lang[:2]) for o in (*first, alpha, gamma)], order
