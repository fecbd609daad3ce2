"""The scorecard button says "preparing…" at once and the download starts by itself (QA13 S21).

The PDF used to be built in the request behind a link (QA11 D6 made it say "preparing…");
now the button queues a report job and its page waits for the worker, then downloads. With
script the page follows the job in place; without, it reloads itself and then downloads.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

MEMBER = "weibei-petro.admin@demo.example.cn"
OTHER = "donghai-fine.admin@demo.example.cn"  # another company: its scorecard not yet made
LogIn = Callable[[Page, str], None]
WORDS = {
    "zh_CN": ("下载评分卡（PDF）", "正在生成评分卡…", "评分卡已生成", ".pdf"),
    "en": (
        "Download scorecard (PDF)",
        "Preparing the scorecard…",
        "The scorecard is ready",
        "-en.pdf",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_scorecard_button_says_preparing_then_downloads_by_itself(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    real_queue: Callable[[], None],
    lang: str,
) -> None:
    button, preparing, ready, suffix = WORDS[lang]
    log_in(page, MEMBER)
    result = f"/assessments/{demo_world['weibei-petro']}/result"
    page.goto(f"{live_server}/lang/{lang}?next={result}")
    page.get_by_role("button", name=button).click()
    expect(page.locator("h1")).to_have_text(preparing)  # the worker has not run it yet
    page.evaluate("window.notReloaded = true")
    with page.expect_download(timeout=120_000) as download:
        real_queue()
    assert download.value.suggested_filename.endswith(suffix)
    expect(page.locator("h1")).to_have_text(ready)
    expect(page.locator("#job-announce")).to_have_text(ready)
    assert page.evaluate("window.notReloaded === true")  # followed in place
    assert "start=1" not in page.url  # a reload does not download it again


def test_without_script_the_page_reloads_itself_then_downloads(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    real_queue: Callable[[], None],
) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, OTHER)
        # The old address (a bookmark) offers the button; its page reloads itself.
        page.goto(f"{live_server}/reports/assessments/{demo_world['donghai-fine']}/scorecard.pdf")
        page.get_by_role("button", name="下载评分卡（PDF）").click()
        expect(page.locator("#job-refresh")).to_be_visible()
        with page.expect_download(timeout=120_000) as download:
            real_queue()
        assert download.value.suggested_filename.endswith(".pdf")
        expect(page.locator("h1")).to_have_text("评分卡已生成")
    finally:
        context.close()
