"""QA68 #3: a moved deadline is mailed to the organisations still to submit whose day changes.

Reminders already sent name the old day. The deadline form offers (ticked) to tell those
whose own deadline moves, earlier or later; submitted ones, and one whose late allowance
runs past both days, are not written to. The flash says how many were told.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.cycles.deadline_mail import KIND
from rcapp.db import utcnow
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, make_world, start, submitted_assessment


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _world(session: Session) -> World:
    """Org A submitted; org B has a draft; the deadline is in 30 days."""
    world = make_world()
    world.cycle.deadline = _days(30)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    for org in (world.org_a, world.org_b):
        org.commitment_status = CommitmentStatus.SIGNED
    world.org_b.name_en = "Beta Chemicals Co., Ltd."
    session.flush()
    submitted_assessment(world)
    start(world, world.org_b)
    session.commit()
    return world


def _notices(session: Session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)))


def _move(client: FlaskClient, world: World, day: dt.date, **extra: str) -> str:
    data = {"deadline": day.isoformat(), "shown": world.cycle.deadline.isoformat(), **extra}
    response = client.post(f"/cycles/{world.cycle.id}/deadline", data=data, follow_redirects=True)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_form_offers_to_tell_them_ticked(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert 'name="tell"' in page
    (box,) = re.findall(r'<input[^>]*name="tell"[^>]*>', page)
    assert "checked" in box


@pytest.mark.parametrize("later", [True, False])
def test_those_still_to_submit_are_told_the_new_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, later: bool
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    day = _days(40 if later else 10)
    page = _move(client, world, day, tell="y")
    notices = _notices(db_session)
    assert [(m.organisation_id, m.to_address) for m in notices] == [
        (world.org_b.id, world.user_b.email)
    ]
    assert f"{day.isoformat()} 24:00" in notices[0].subject
    # the old day, so the reminder is undone, both in the reader's language (not the page's)
    assert f"{_days(30).isoformat()} 24:00 改为 {day.isoformat()} 24:00" in notices[0].body
    assert "The new deadline was queued for 1 organisation that has not submitted" in page


def test_made_late_are_told_they_can_no_longer_submit(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    day = _days(-2)
    confirm = _move(client, world, day, tell="y")
    assert 'name="tell"' in confirm  # the choice is carried to the confirming form
    _move(client, world, day, tell="y", confirmed=day.isoformat())
    (notice,) = _notices(db_session)
    assert notice.organisation_id == world.org_b.id
    assert "contact the secretariat" in notice.body or "联系秘书处" in notice.body


def test_unticked_or_allowance_past_both_days_tells_nobody(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    _move(client, world, _days(20))  # unticked: no "tell" in the form
    assert _notices(db_session) == []
    services.allow_late_submission(world.cycle, world.org_b.id, _days(60), world.secretariat)
    db_session.commit()
    _move(client, world, _days(25), tell="y")
    assert _notices(db_session) == []
