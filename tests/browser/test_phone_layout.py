"""On a 390-pixel phone the header and the home page fit the screen (found by hqa).

The main navigation did not wrap: the secretariat's eight links squeezed into one-word columns
and ran off the right edge, widening every page to 656 pixels; the home page's progress bars
(10rem each) pushed its table past the edge too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation, WorkingGroup
from tests.browser.conftest import AXE_JS, PhonePage, fits_phone


@pytest.mark.parametrize(
    "email", ["secretariat@demo.example.cn", "linhai-chlor.hse@demo.example.cn"]
)
def test_home_page_fits_a_phone_in_english(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    email: str,
) -> None:
    page = phone_page(email)
    page.goto(f"{live_server}/lang/en?next=/")
    fits_phone(page, "page")
    # Each navigation link stays on one line (no "My / to-do / list" columns).
    heights = page.eval_on_selector_all(
        ".main-nav a", "links => links.map(a => a.getClientRects().length)"
    )
    assert heights
    assert all(lines == 1 for lines in heights), heights


# Wide tables scroll inside their own keyboard-focusable region instead of widening the page.
WIDE_TABLE_PAGES = ["/cycles/", "/outbox/", "/audit/", "/admin/users", "/organisations/"]


@pytest.mark.parametrize("path", WIDE_TABLE_PAGES)
def test_wide_tables_scroll_inside_the_page_on_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    path: str,
) -> None:
    page = phone_page("secretariat@demo.example.cn")
    page.goto(f"{live_server}/lang/en?next={path}")
    fits_phone(page, path)
    regions = page.eval_on_selector_all(
        "main table",
        """tables => tables.map(t => {
            const box = t.closest('.table-scroll');
            return box && box.tabIndex === 0 && box.getAttribute('role') === 'group'
                && !!(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'));
        })""",
    )
    # The demo's outbox may be empty; every other page has a table.
    assert all(regions), regions
    assert regions or path == "/outbox/"


def test_roster_buttons_and_cycle_dates_do_not_crowd(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
) -> None:
    page = phone_page("secretariat@demo.example.cn")
    page.goto(f"{live_server}/lang/en?next=/cycles/")
    # The deadline stays on one line (it used to break at the hyphen).
    wrapping = page.eval_on_selector_all(
        "td.date", "cells => cells.map(c => getComputedStyle(c).whiteSpace)"
    )
    assert wrapping
    assert set(wrapping) == {"nowrap"}, wrapping
    page.click("main table a")
    page.click("a[href$='/organisations']")
    button = page.get_by_role("button", name="Filter").bounding_box()
    clear = page.get_by_role("link", name="Clear filters").bounding_box()
    assert button is not None
    assert clear is not None
    gap = clear["x"] - (button["x"] + button["width"])
    assert gap >= 8 or clear["y"] >= button["y"] + button["height"], (button, clear)


def test_organisation_page_fits_a_phone_in_english(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
) -> None:
    # The 18-character credit code beside "Unified social credit code" widened it to 419px.
    page = phone_page("ludong-fert.admin@demo.example.cn")
    page.goto(f"{live_server}/lang/en?next=/")
    page.get_by_role("link", name="My organisation").first.click()
    fits_phone(page, "organisation page")


# A long domain: the e-mail could break only before its @, so "@yongjiang-chem.example.cn"
# alone widened the page to 415 px (zh) and 476 px (en).
LONG_DOMAIN_EMAIL = "hemin@yongjiang-fine-chemicals.example.cn"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_organisation_page_with_a_long_e_mail_domain_fits_a_phone(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
) -> None:
    with live_app.app_context():
        organisation = (
            db.session()
            .scalars(select(Organisation).where(Organisation.name_zh == "鲁东化肥有限公司"))
            .one()
        )
        kept, organisation.contact_email = organisation.contact_email, LONG_DOMAIN_EMAIL
        organisation_id = organisation.id
        db.session().commit()
    try:
        page = phone_page("ludong-fert.admin@demo.example.cn")
        page.goto(f"{live_server}/lang/{lang}?next=/organisations/{organisation_id}")
        fits_phone(page, f"organisation page ({lang})")
        link = page.locator("#contact-email a")
        assert link.inner_text().replace("\n", "") == LONG_DOMAIN_EMAIL
        # It wraps onto more lines (after its domain's dots first) instead of widening the page.
        lines = link.evaluate("a => a.getClientRects().length")
        assert lines >= 2, lines
    finally:
        with live_app.app_context():
            restored = db.session().get(Organisation, organisation_id)
            assert restored is not None
            restored.contact_email = kept
            db.session().commit()


def test_an_organisation_its_users_and_a_working_group_fit_a_phone(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    # Their tables had no scrolling region: 456, 652 and 560 px wide on a 390 px phone.
    with live_app.app_context():
        organisation_id = db.session().scalar(
            select(Organisation.id).where(Organisation.name_zh == "江苏临海氯碱化工有限公司")
        )
        group_id = db.session().scalar(select(WorkingGroup.id).order_by(WorkingGroup.id))
    page = phone_page("secretariat@demo.example.cn", bypass_csp=True)
    for path in (
        f"/organisations/{organisation_id}/users",
        f"/working-groups/{group_id}",
        f"/organisations/{organisation_id}",  # its value-chain partners' table: 456 px
    ):
        page.goto(f"{live_server}/lang/en?next={path}")
        fits_phone(page, path)
        # The tables' regions are named apart from their sections (landmark-unique).
        found = [v["id"] for v in axe_violations(page)]
        assert found == [], (path, found)
        page.add_script_tag(path=str(AXE_JS))
        unique = page.evaluate(
            "async () => (await axe.run({runOnly: ['landmark-unique']})).violations"
        )
        assert unique == [], (path, unique)


def test_the_rosters_status_badges_stay_whole_on_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
) -> None:
    # In the narrow status column "未开始" broke into "未开 / 始", and a late allowance's
    # badge into six lines; the table scrolls instead.
    page = phone_page("secretariat@demo.example.cn")
    page.goto(f"{live_server}/cycles/")
    page.click("main table a")
    page.click("a[href$='/organisations']")
    # measured once the roster and its stylesheet are in: before, line-height read "normal"
    page.wait_for_url("**/organisations")
    page.wait_for_load_state("load")
    heights = page.eval_on_selector_all(
        "main table .badge",
        """badges => badges.map(b => b.getBoundingClientRect().height
            / parseFloat(getComputedStyle(b).lineHeight))""",
    )
    assert heights
    assert all(lines < 1.9 for lines in heights), heights
    fits_phone(page, "the roster")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_header_keeps_tools_beside_the_brand_on_a_laptop(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    lang: str,
) -> None:
    """At 1,280 px the English header wrapped into three rows: brand, links, then the
    language switch and the user alone on a third. Now the tools stay on the brand's row."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, "secretariat@demo.example.cn")
        page.goto(f"{live_server}/lang/{lang}?next=/")
        page.evaluate("document.fonts.ready")
        top = "s => s.getBoundingClientRect().top"
        brand = page.eval_on_selector(".brand", top)
        tools = page.eval_on_selector(".header-tools", top)
        links = page.eval_on_selector_all(
            ".main-nav a", "as => as.map(a => a.getBoundingClientRect().top)"
        )
        assert abs(tools - brand) < 8, (brand, tools)
        assert len({round(t) for t in links}) == 1, links  # the links share one row
        header = page.eval_on_selector(".site-header", "h => h.getBoundingClientRect().height")
        assert header < 110, header  # two rows at most
        assert (page.locator(".brand-sub").count() == 0) == (lang == "en")
    finally:
        context.close()
