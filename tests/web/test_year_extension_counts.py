"""The year page's extensions: how many were granted, and of those how many not submitted yet.

The secretariat read "已给予延期" as the organisations still working to an extension; the
guide counted every allowance, submitted since or not. The year page says both numbers
(tally.status_keys "extended", "extended_open") and each opens the list of exactly those.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import roster
from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import World, make_world, submitted_assessment


def _two_extended(session: Session) -> World:
    """Both organisations given an extension; A has submitted since, B has not."""
    world = make_world()
    world.cycle.deadline = beijing_today() + dt.timedelta(days=5)
    for organisation in (world.org_a, world.org_b):
        organisation.commitment_status = CommitmentStatus.SIGNED
        session.add(
            LateAllowance(
                cycle_id=world.cycle.id,
                organisation_id=organisation.id,
                until=world.cycle.deadline + dt.timedelta(days=10),
            )
        )
    session.flush()
    submitted_assessment(world)
    session.commit()
    return world


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_the_counts_say_granted_and_still_not_submitted(db_session: Session) -> None:
    world = _two_extended(db_session)
    counted = roster.status_counts(world.cycle, beijing_today())
    assert (counted["extended"], counted["extended_open"]) == (2, 1)
    rows = roster.roster(world.cycle, beijing_today())
    assert {k: roster.counts(rows)[k] for k in ("extended", "extended_open")} == {
        "extended": 2,
        "extended_open": 1,
    }


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "已给予延期或允许逾期提交 2 家，其中 1 家尚未提交"),
        ("en", "Given an extension or allowed to submit late: 2, of which not submitted yet: 1"),
    ],
)
def test_the_year_page_says_both_and_each_link_lists_exactly_those(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    world = _two_extended(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert said in _text(page)
    cycle_id = world.cycle.id
    assert f'href="/cycles/{cycle_id}/organisations?status=extended" data-count="2"' in page
    assert f'href="/cycles/{cycle_id}/organisations?status=extended_open" data-count="1"' in page
    listed = client.get(f"/cycles/{cycle_id}/organisations?status=extended_open")
    assert listed.status_code == 200
    text = html.unescape(listed.get_data(as_text=True))
    assert world.org_b.display_name(lang[:2]) in text
    assert world.org_a.display_name(lang[:2]) not in text
    both = html.unescape(client.get(f"/cycles/{cycle_id}/organisations?status=extended").text)
    assert world.org_a.display_name(lang[:2]) in both
    assert world.org_b.display_name(lang[:2]) in both
    assert "无效" not in both  # the filter is one the list offers
    assert "ignored" not in both


def test_no_extension_no_line(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert 'id="extended-count"' not in page
