"""Clicking the scorecard link says "preparing…" at once, while the PDF is built (QA11 D6)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

MEMBER = "weibei-petro.admin@demo.example.cn"
LogIn = Callable[[Page, str], None]


def test_the_scorecard_link_says_preparing_at_once(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, MEMBER)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/result")
    link = page.get_by_role("link", name="下载评分卡（PDF）")
    status = page.locator(".busy-status")
    with page.expect_download(timeout=60000) as download:
        link.click()
        # Before the file arrives: the PDF takes seconds to build.
        expect(status).to_have_text("正在生成评分卡，几秒后开始下载…", timeout=1000)
        expect(link).to_have_attribute("aria-busy", "true")
    assert download.value.suggested_filename.endswith(".pdf")
