"""Choosing the kind 化工园区 on the organisation form clears "所在化工园区" at once.

The park field was cleared only by the save; the page now clears and disables it as soon as
the kind is chosen, with a hint, and gives the park back when 企业 is chosen again.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation, OrganisationKind

SECRETARIAT = "secretariat@demo.example.cn"


def _resident(app: Flask) -> int:
    with app.app_context():
        found = db.session().scalar(
            select(Organisation.id)
            .where(Organisation.kind == OrganisationKind.COMPANY, Organisation.park_id.is_not(None))
            .order_by(Organisation.id)
            .limit(1)
        )
    assert found is not None
    return found


def test_the_park_field_is_cleared_and_disabled_while_the_kind_is_park(
    page: Page,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/organisations/{_resident(live_app)}/edit")
    park = page.locator("#park_id")
    before = park.input_value()
    assert before
    hint = page.locator("#park-kind-hint")
    expect(hint).to_be_hidden()

    page.select_option("#kind", "park")
    expect(park).to_be_disabled()
    expect(park).to_have_value("")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("“所在化工园区”已清空")

    page.select_option("#kind", "company")
    expect(park).to_be_enabled()
    expect(park).to_have_value(before)
    expect(hint).to_be_hidden()
