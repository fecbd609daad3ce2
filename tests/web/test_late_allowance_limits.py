"""An extension has an upper bound (one year after the deadline) and can be withdrawn.

Before, "延期至 2099-12-31" was accepted, and an extension could only be moved, never taken
back.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.late_allowances import (
    InvalidLateDate,
    LateDateProblem,
    find_allowance,
    late_date_problem,
    latest_late_date,
)
from tests.conftest import AuthActions
from tests.factories import World, make_world, start

DEADLINE = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("until", "problem"),
    [
        (dt.date(2027, 3, 31), None),  # one year after the deadline: the last day allowed
        (dt.date(2027, 4, 1), LateDateProblem.TOO_LATE),
        (dt.date(2099, 12, 31), LateDateProblem.TOO_LATE),
    ],
)
def test_an_extension_ends_at_most_a_year_after_the_deadline(
    until: dt.date, problem: LateDateProblem | None
) -> None:
    assert late_date_problem(until, DEADLINE, dt.date(2026, 4, 2)) is problem


def test_a_deadline_on_29_february_bounds_on_28_february() -> None:
    assert latest_late_date(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def _world(session: Session) -> World:
    world = make_world()
    world.cycle.deadline = beijing_today() - dt.timedelta(days=3)
    start(world)
    session.commit()
    return world


def _url(world: World) -> str:
    return f"/cycles/{world.cycle.id}/late/{world.org_a.id}"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh_CN", "“延期至”不能晚于本年度截止日期后一年（{latest}）。"),
        (
            "en",
            "“Extended until” cannot be later than one year after this year's deadline ({latest}).",
        ),
    ],
)
def test_a_far_extension_is_refused_naming_the_field_and_the_last_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    response = client.post(_url(world), data={"until": "2099-12-31", "shown": ""})
    assert response.status_code == 422
    latest = latest_late_date(world.cycle.deadline).isoformat()
    assert message.format(latest=latest) in html.unescape(response.get_data(as_text=True))
    assert find_allowance(world.cycle.id, world.org_a.id) is None
    with pytest.raises(InvalidLateDate):
        services.allow_late_submission(world.cycle, world.org_a.id, dt.date(2099, 12, 31), None)


@pytest.mark.parametrize(
    ("lang", "button", "done"),
    [
        ("zh_CN", "撤销逾期提交", "已撤销“{name}”的逾期提交"),
        ("en", "Withdraw the extension", "The late-submission extension of “{name}” was withdrawn"),
    ],
)
def test_an_extension_can_be_withdrawn_after_a_confirmation_and_is_audited(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    button: str,
    done: str,
) -> None:
    world = _world(db_session)
    until = beijing_today() + dt.timedelta(days=7)
    services.allow_late_submission(world.cycle, world.org_a.id, until, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    withdraw = f"{_url(world)}/withdraw"

    page = html.unescape(client.get(_url(world)).get_data(as_text=True))
    form = page[page.index(f'action="{withdraw}"') :]
    assert re.search(rf'<button[^>]* data-confirm="[^"]+"[^>]*>{button}</button>', form)
    response = client.post(withdraw, follow_redirects=True)
    name = world.org_a.display_name("en" if lang == "en" else "zh")
    assert done.format(name=name) in html.unescape(response.get_data(as_text=True))
    db_session.expire_all()
    assert find_allowance(world.cycle.id, world.org_a.id) is None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "late.withdraw")).one()
    assert entry.actor_id == world.secretariat.id
    assert until.isoformat() in str(entry.before)
    # A second click finds nothing to withdraw, and says so.
    again = client.post(withdraw, follow_redirects=True)
    assert again.status_code == 200
    assert (
        len(
            db_session.scalars(select(AuditEntry).where(AuditEntry.action == "late.withdraw")).all()
        )
        == 1
    )


def test_a_page_without_an_extension_offers_no_withdrawal(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    assert f"{_url(world)}/withdraw" not in client.get(_url(world)).get_data(as_text=True)
