"""A double click on a submit button sends one request (static/js/forms.js), yet the clicked
button's name and value still go with it, and a submit cancelled by a check changes nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Error, Locator, Page, Route, expect
from sqlalchemy import func, select

from rcapp import db
from rcapp.organisations.models import Organisation, ValueChainPartner
from tests.browser.confirm_dialog import answer_confirm

ADMIN = "huacai-coatings.admin@demo.example.cn"  # admin of 华彩涂料
COMPANY = "华彩涂料（江苏）有限公司"
PARTNER = "双击测试物流有限公司"


def _partners_named(live_app: Flask, name: str) -> tuple[int, int]:
    with live_app.app_context():
        organisation_id = db.session().scalar(
            select(Organisation.id).where(Organisation.name_zh == COMPANY)
        )
        count = db.session().scalar(
            select(func.count())
            .select_from(ValueChainPartner)
            .where(ValueChainPartner.name == name)
        )
        assert organisation_id is not None
        return organisation_id, count or 0


def _held_posts(page: Page, pattern: str) -> list[Route]:
    """Hold every POST to `pattern` until released, as a slow server would keep the page."""
    held: list[Route] = []
    page.route(
        pattern,
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    return held


def _double_click(page: Page, button: Locator) -> None:
    """Two clicks 120 ms apart on the same spot, whether the button is enabled or not.

    Playwright's dblclick() sends both clicks in one go, which Chromium merges into one
    navigation by itself; a person's second click comes once the first request is out.
    """
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(120)
    page.mouse.click(x, y)
    page.wait_for_timeout(120)


def _release(held: list[Route]) -> None:
    for route in held:
        with contextlib.suppress(Error):  # the browser may have dropped an earlier request
            route.continue_()


def test_a_double_click_adds_one_partner(
    page: Page,
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    organisation_id, before = _partners_named(live_app, PARTNER)
    log_in(page, ADMIN)
    page.goto(f"{live_server}/organisations/{organisation_id}/partners/new")
    held = _held_posts(page, "**/partners/new")
    page.fill("input[name=name]", PARTNER)
    page.select_option("select[name=relation]", "carrier")
    _double_click(page, page.locator("main form button[type=submit]"))
    assert len(held) == 1
    _release(held)
    page.wait_for_url(lambda u: "/partners/new" not in u)
    assert _partners_named(live_app, PARTNER)[1] == before + 1


def _echo_form(page: Page, live_server: str, cancel: bool) -> None:
    """Add a form with two named buttons posting to a URL the test holds (no server)."""
    page.evaluate(
        """([cancel]) => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/echo-form";
          form.innerHTML = '<button type="submit" name="action" value="apply">apply</button>'
            + '<button type="submit" name="action" value="cancel">cancel</button>';
          if (cancel) { form.addEventListener("submit", (e) => e.preventDefault()); }
          document.querySelector("main").appendChild(form);
        }""",
        [cancel],
    )


def test_the_clicked_buttons_name_and_value_are_sent_once(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, ADMIN)
    held = _held_posts(page, "**/echo-form")
    _echo_form(page, live_server, cancel=False)
    _double_click(page, page.locator("button[value=apply]"))
    assert len(held) == 1
    assert held[0].request.post_data == "action=apply"


def test_a_cancelled_submit_leaves_the_buttons_enabled(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, ADMIN)
    held = _held_posts(page, "**/echo-form")
    _echo_form(page, live_server, cancel=True)
    page.locator("button[value=apply]").click()
    page.wait_for_timeout(100)
    expect(page.locator("button[value=apply]")).to_be_enabled()
    expect(page.locator("button[value=cancel]")).to_be_enabled()
    assert held == []


def _confirm_form(page: Page) -> None:
    """Add a form whose button asks first, posting to a URL the test holds (no server)."""
    page.evaluate(
        """() => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/echo-form";
          form.innerHTML = '<button type="submit" name="action" value="submit"'
            + ' data-confirm="确定提交？">submit</button>';
          document.querySelector("main").appendChild(form);
        }"""
    )


def test_a_double_click_on_a_confirmed_button_asks_once(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, ADMIN)
    held = _held_posts(page, "**/echo-form")
    _confirm_form(page)
    _double_click(page, page.locator("button[value=submit]"))
    # answered (and closed) once; its one request held (qa41 S7: not asked twice in a row)
    assert answer_confirm(page, held=True) == "确定提交？"
    page.wait_for_timeout(240)
    assert len(held) == 1


def test_a_double_click_declined_asks_once_and_sends_nothing(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, ADMIN)
    held = _held_posts(page, "**/echo-form")
    _confirm_form(page)
    _double_click(page, page.locator("button[value=submit]"))
    assert answer_confirm(page, accept=False) == "确定提交？"
    page.wait_for_timeout(240)
    expect(page.locator("#confirm-dialog")).to_be_hidden()
    assert held == []
    page.wait_for_timeout(800)  # a later, deliberate click asks again
    page.locator("button[value=submit]").click()
    assert answer_confirm(page, accept=False) == "确定提交？"
