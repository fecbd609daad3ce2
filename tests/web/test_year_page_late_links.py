"""QA15 S5: the year page says which list is which, and a confirmation shows one save button."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.db import utcnow
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, make_world, start


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _world(session: Session, deadline_in: int) -> World:
    """Two signatories, neither submitted (A started); the year opened 60 days ago."""
    world = make_world()
    world.cycle.deadline = _days(deadline_in)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    session.flush()
    start(world)
    session.commit()
    return world


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize(
    ("lang", "late", "both"),
    [
        ("zh_CN", "1 个单位逾期未提交", "全部 2 个尚未提交的单位（含逾期未提交）"),
        (
            "en",
            "1 organisation late, not submitted",
            "All 2 organisations that have not submitted (the late included)",
        ),
    ],
)
def test_the_not_submitted_link_says_it_includes_the_late(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, late: str, both: str
) -> None:
    world = _world(db_session, deadline_in=-2)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/cycles/{world.cycle.id}"
    page = client.get(url).get_data(as_text=True)
    # Both are late: one link, to the late list; the other would list the same two.
    assert "status=overdue" in page
    assert "status=open" not in page
    services.allow_late_submission(world.cycle, world.org_b.id, _days(5), world.secretariat)
    db_session.commit()
    page = client.get(url).get_data(as_text=True)
    shown = _text(page)
    assert late in shown
    assert both in shown


def test_before_the_deadline_the_plain_count_is_shown(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session, deadline_in=10)
    auth.login(world.secretariat.email)
    shown = _text(client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True))
    assert "2 个单位尚未提交" in shown
    assert "含逾期未提交" not in shown


@pytest.mark.parametrize(
    ("lang", "save", "confirm"),
    [("zh_CN", "保存截止日期", "确认将截止日期设为"), ("en", "Save deadline", "Confirm")],
)
def test_the_confirmation_replaces_the_date_form(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, save: str, confirm: str
) -> None:
    world = _world(db_session, deadline_in=30)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/cycles/{world.cycle.id}"
    assert save in client.get(url).get_data(as_text=True)
    asked = client.post(
        f"{url}/deadline",
        data={"deadline": _days(-4).isoformat(), "shown": _days(30).isoformat()},
    )
    assert asked.status_code == 200
    page = html.unescape(asked.get_data(as_text=True))
    assert confirm in page
    assert save not in page
    panel = page[page.index('id="deadline-heading"') : page.index('id="close-heading"')]
    assert panel.count('type="submit"') == 1
