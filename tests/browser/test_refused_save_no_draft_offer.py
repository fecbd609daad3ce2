"""A refused save shown again with the input offers no "unsaved input" (QA12 D2).

The server words some input otherwise than typed (a credit code in capitals, spaces trimmed);
the page still shows what was sent, so drafts.js must not offer it back as lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation

ADMIN = "linhai-chlor.admin@demo.example.cn"
LogIn = Callable[[Page, str], None]


def _organisation_id(app: Flask, name_zh: str) -> int:
    with app.app_context():
        found = db.session().scalar(select(Organisation.id).where(Organisation.name_zh == name_zh))
    assert found is not None
    return found


def test_a_refused_partner_shows_its_errors_without_a_draft_offer(
    page: Page,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
) -> None:
    organisation_id = _organisation_id(live_app, "江苏临海氯碱化工有限公司")
    log_in(page, ADMIN)
    page.goto(f"{live_server}/organisations/{organisation_id}/partners/new")
    page.fill('[name="name"]', "")
    page.fill('[name="credit_code"]', " abc ")
    page.fill('[name="note"]', "  运输合同 2025  ")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/partners/new$"))
    expect(page.locator("#credit_code-error")).to_be_visible()
    expect(page.locator('[name="credit_code"]')).to_have_value("ABC")
    expect(page.locator("#draft-banner")).to_be_hidden()
    page.reload()  # a GET of the same page: nothing left over to offer either
    expect(page.locator("#draft-banner")).to_be_hidden()


def test_a_refused_organisation_profile_shows_no_draft_offer(
    page: Page,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
) -> None:
    organisation_id = _organisation_id(live_app, "江苏临海氯碱化工有限公司")
    log_in(page, ADMIN)
    page.goto(f"{live_server}/organisations/{organisation_id}/edit")
    page.fill('[name="sector"]', "  精细化工  ")
    page.select_option('[name="province"]', "")
    page.locator("#organisation-form button[type=submit]").first.click()
    expect(page.locator("#province-error")).to_be_visible()
    expect(page.locator('[name="sector"]')).to_have_value("精细化工")
    expect(page.locator("#draft-banner")).to_be_hidden()
