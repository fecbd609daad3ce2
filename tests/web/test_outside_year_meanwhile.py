"""A company that signed its commitment this year is told, on its home page, what it can do
until its first year opens; the links only for its administrator; no invented date (qa11 S14)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_user, make_world

WORDS = {
    "zh_CN": (
        "秘书处开启 2026 年度后，该年度的自评将显示在本页。",
        "在此之前可以先做好准备：核对单位信息，在本单位用户中添加负责填报的同事。",
        "在此之前，贵单位的组织管理员可以核对单位信息，并添加负责填报的同事。",
    ),
    "en": (
        "Once the secretariat opens the 2026 reporting year, its self-assessment will show on "
        "this page.",
        "Meanwhile you can prepare: check the organisation details and add the colleagues who "
        "will fill in the self-assessment under organisation users.",
        "Meanwhile your organisation's administrator can check the organisation details and add "
        "the colleagues who will fill in the self-assessment.",
    ),
}


def _next_steps(client: FlaskClient) -> str:
    """The panel's own words, without the blank-template offer (test_blank_template)."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<div class="outside-year-next">(.*?)</div>', page, re.S)
    assert found is not None
    offer = re.compile(r'<p class="blank-template-offer">.*?</p>', re.S)
    assert offer.search(found.group(1))  # every member may prepare in the blank template
    return offer.sub("", found.group(1))


def _words(part: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", part))).strip()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_admin_is_told_what_to_prepare_with_links(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()  # its open year is 2025
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_a.commitment_signed_on = dt.date(2026, 11, 20)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    client.get(f"/lang/{lang}?next=/")
    part = _next_steps(client)
    opens, prepare, _member = WORDS[lang]
    assert _words(part) == f"{opens} {prepare}"
    assert f'href="/organisations/{world.org_a.id}"' in part
    assert f'href="/organisations/{world.org_a.id}/users"' in part


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_member_is_told_without_links_to_admin_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_a.commitment_signed_on = dt.date(2026, 11, 20)
    db_session.commit()
    auth.login(world.user_a.email)  # a member, not the administrator
    client.get(f"/lang/{lang}?next=/")
    part = _next_steps(client)
    opens, _prepare, member = WORDS[lang]
    assert _words(part) == f"{opens} {member}"
    assert "<a " not in part
