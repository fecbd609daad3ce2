from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page


def test_login_page_has_no_serious_accessibility_violations(
    page: Page, live_server: str, axe_violations: Callable[[Page], list[dict[str, Any]]]
) -> None:
    page.goto(f"{live_server}/login")
    assert page.locator("h1").inner_text() == "登录"
    assert axe_violations(page) == []


def test_wrong_password_shows_a_message_in_chinese(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "nobody@example.cn")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "电子邮箱或密码不正确" in page.locator(".flash-error").inner_text()


def test_the_forgotten_password_pages_have_no_serious_accessibility_violations(
    page: Page, live_server: str, axe_violations: Callable[[Page], list[dict[str, Any]]]
) -> None:
    for language in ("zh_CN", "en"):
        page.goto(f"{live_server}/lang/{language}?next=/login")
        page.click("a[href='/password/forgot']")
        assert axe_violations(page) == []
        page.fill("input[name=email]", "nobody@example.cn")
        page.click("main form button[type=submit]")
        assert page.locator("[role=status]").count() == 1
        assert axe_violations(page) == []
        page.goto(f"{live_server}/invite/no-such-link")
        assert axe_violations(page) == []
