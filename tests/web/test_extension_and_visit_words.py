"""Loose ends of December 2026: an extension's badge, its link, and the visit day at home.

An extension read before the year's deadline is 已延期 (nothing is late yet), after it
已准许逾期提交; the organisation page offers the extension to an organisation that has not
started the year; the company's home card of a review under way names the on-site visit
day as the result page does.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.reports.test_scorecard_visit_day import assign_onsite
from tests.web.test_late_deadline_rules import _days, _world


def _text(client: FlaskClient, url: str) -> str:
    return " ".join(
        html.unescape(re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True))).split()
    )


@pytest.mark.parametrize(
    ("lang", "extended", "late"),
    [
        ("zh_CN", "已延期 · 至 {day}", "已准许逾期提交 · 至"),
        ("en", "Extended · to {day}", "Late submission allowed · until"),
    ],
)
def test_an_extension_before_the_years_deadline_reads_extended_not_late(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    extended: str,
    late: str,
) -> None:
    world = _world(db_session, deadline_in=5)
    services.allow_late_submission(world.cycle, world.org_b.id, _days(20), None)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    roster = _text(client, f"/cycles/{world.cycle.id}/organisations")
    assert extended.format(day=_days(20).isoformat()) in roster
    assert late not in roster
    # the deadline passes (moved back, confirmed): the same extension now allows a late one
    world.cycle.deadline = _days(-1)
    db_session.commit()
    roster = _text(client, f"/cycles/{world.cycle.id}/organisations")
    assert f"{late} {_days(20).isoformat()}" in roster
    assert extended.format(day=_days(20).isoformat()) not in roster


def test_the_organisation_page_offers_an_extension_before_the_year_is_started(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)  # org B takes part and has not started
    link = f'href="/cycles/{world.cycle.id}/late/{world.org_b.id}"'
    auth.login(world.secretariat.email)
    page = client.get(f"/organisations/{world.org_b.id}").get_data(as_text=True)
    assert link in page
    row = page.split(f'id="unstarted-{world.cycle.year}"', 1)[1].split("</tr>", 1)[0]
    assert "未开始" in row
    assert "延期…" in row
    # its own staff see no such link (nor the row made for it)
    auth.login(world.user_b.email)
    page = client.get(f"/organisations/{world.org_b.id}").get_data(as_text=True)
    assert link not in page
    assert "unstarted-" not in page
    # a closed year offers nothing
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/organisations/{world.org_b.id}").get_data(as_text=True)
    assert link not in page


@pytest.mark.parametrize(
    ("lang", "visit"), [("zh_CN", "现场评审日期：{day}。"), ("en", "On-site visit date: {day}.")]
)
def test_the_home_card_of_a_review_under_way_names_the_visit_day(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, visit: str
) -> None:
    world = make_review_world(4)
    day = assign_onsite(client, auth, world)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    home = client.get("/").get_data(as_text=True)
    card = home.split('id="review-underway"', 1)[1]
    assert visit.format(day=day) in card.split('class="visit-day">', 1)[1].split("</p>", 1)[0]
