"""QA15 D2: 逾期提交 (submitted late) is judged once, at submit, everywhere.

A submission is late when it came after the year's deadline in force at that moment (it
needed an allowance). Moving the deadline earlier afterwards relabels no on-time
submission; a submission under an extension counts as late on every page.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services as assessment_services
from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.db import utcnow
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start, submitted_assessment


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _text(client: FlaskClient, url: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True)))


def _world(session: Session) -> World:
    """A submitted on time (deadline in 30 days), B not started; opened 60 days ago."""
    world = make_world()
    world.cycle.deadline = _days(30)
    world.cycle.created_at = utcnow() - dt.timedelta(days=60)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    session.flush()
    submitted_assessment(world)
    session.commit()
    return world


def _move_deadline_to_the_past(client: FlaskClient, world: World) -> None:
    day = _days(-4).isoformat()
    response = client.post(
        f"/cycles/{world.cycle.id}/deadline",
        data={"deadline": day, "shown": _days(30).isoformat(), "confirmed": day},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("lang", "counted"),
    [("zh_CN", "逾期提交 {n} 份"), ("en", "{n} submitted late")],
)
def test_an_earlier_deadline_relabels_no_on_time_submission_and_an_extension_counts_late(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, counted: str
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    _move_deadline_to_the_past(client, world)
    year = f"/cycles/{world.cycle.id}"
    assert counted.format(n=0) in _text(client, year)
    late_list = _text(client, f"{year}/organisations?status=late")
    assert world.org_a.display_name("en" if lang == "en" else "zh") not in late_list

    # B is allowed a late submission and submits within it: late, on every page.
    db_session.refresh(world.cycle)
    services.allow_late_submission(world.cycle, world.org_b.id, _days(5), world.secretariat)
    assessment = start(world, world.org_b)
    fill_complete(assessment, world.user_b)
    assessment_services.submit_assessment(assessment, world.user_b)
    db_session.commit()
    assert assessment.submitted_late
    assert counted.format(n=1) in _text(client, year)
    late_list = _text(client, f"{year}/organisations?status=late")
    assert world.org_b.display_name("en" if lang == "en" else "zh") in late_list
    assert world.org_a.display_name("en" if lang == "en" else "zh") not in late_list


def test_the_companies_own_home_pages_agree(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    _move_deadline_to_the_past(client, world)
    services.allow_late_submission(world.cycle, world.org_b.id, _days(5), world.secretariat)
    assessment = start(world, world.org_b)
    fill_complete(assessment, world.user_b)
    assessment_services.submit_assessment(assessment, world.user_b)
    db_session.commit()
    auth.login(world.user_a.email)
    assert "逾期提交" not in _text(client, "/")
    auth.login(world.user_b.email)
    assert "逾期提交" in _text(client, "/")
