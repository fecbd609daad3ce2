"""The users page and its history fit a 1,280-pixel laptop in both languages: an address is
not broken inside ("linhai-" / "chlor.admin@…" read as two; the history's crowded table may
break one before its @ only), and the history table, its long change texts wrapped, is no
wider than the page."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation
from tests.browser.conftest import LAPTOP, PAGE_WIDTH, OpenPage

ADMIN = "linhai-chlor.admin@demo.example.cn"

# Each address (or, in a crowded table, each side of its @) on a single line.
PARTS_ON_ONE_LINE = (
    "cells => cells.flatMap(c => [...c.querySelectorAll('span.nowrap')])"
    ".map(s => [s.textContent, s.getClientRects().length])"
)
TABLE_OVERFLOW = (
    "() => { const t = document.querySelector('table.audit-table');"
    " return t.getBoundingClientRect().width - t.parentElement.clientWidth; }"
)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_addresses_do_not_break_inside_and_the_history_fits(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    lang: str,
) -> None:
    with live_app.app_context():
        organisation_id = db.session().scalar(
            select(Organisation.id).where(Organisation.name_zh == "江苏临海氯碱化工有限公司")
        )
    page = desktop_page(ADMIN)
    page.goto(f"{live_server}/lang/{lang}?next=/")
    page.goto(f"{live_server}/organisations/{organisation_id}/users")
    parts = page.eval_on_selector_all("td.email-cell", PARTS_ON_ONE_LINE)
    assert [ADMIN, 1] in parts
    assert all(lines == 1 for _text, lines in parts), parts
    page.goto(f"{live_server}/organisations/{organisation_id}/users/history")
    assert page.evaluate(PAGE_WIDTH) <= LAPTOP["width"]
    assert page.evaluate(TABLE_OVERFLOW) <= 0  # no scrolling inside its box either
