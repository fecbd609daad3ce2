"""Moving a running on-site review's visit day on the assign page, in a real browser (qa85 #1):
a day after the due day is refused naming the field, the input kept; a good one is saved,
with nobody to choose, and the page names the reviewers e-mailed. Chinese and English,
laptop and phone (no wider than the phone).

Screenshots are written when RCAPP_SHOTS names a folder.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect

from rcapp.clock import beijing_today
from tests.browser.conftest import fits_phone, own_demo

live_app, live_server, demo_world = own_demo("review-days")

LEAD = "ps.lead@demo.example.cn"  # 周建华, process-safety working group
SHOTS = os.environ.get("RCAPP_SHOTS")
SIZES: dict[str, ViewportSize] = {
    "laptop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
WORDS = {
    "zh_CN": ("现场评审日期不能晚于评审结论提交期限", "已更改评审日期。已发邮件通知评审员："),
    "en": (
        "cannot be later than the due date",
        "The review dates were changed. E-mailed the reviewers: ",
    ),
}


def _day(days: int) -> str:
    return (beijing_today() + dt.timedelta(days=days)).isoformat()


def test_the_visit_day_moves_alone(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    url = f"/reviews/assessments/{demo_world['xiling-chem']}/assign"
    log_in(page, LEAD)
    page.goto(f"{live_server}{url}")
    page.locator("input[name=kind][value=onsite]").check()
    boxes = page.locator("input[name=reviewers]:not([disabled])")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("input[name=visit_on]").fill(_day(10))
    page.locator("input[name=due_on]").fill(_day(30))
    page.locator("form button.primary").click()
    expect(page.locator("#days")).to_be_visible()
    shift = 11
    for lang, (refused, saved) in WORDS.items():
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            page.goto(f"{live_server}/lang/{lang}?next={url}")
            page.locator("#days-visit_on").fill(_day(45))
            page.locator("section[aria-labelledby=days] button").click()
            expect(page.locator("#days-visit_on-error")).to_contain_text(refused)
            expect(page.locator("#days-visit_on")).to_have_value(_day(45))
            if size_name == "phone":
                fits_phone(page, f"the refused days form ({lang})")
            if SHOTS:
                page.locator("#days").scroll_into_view_if_needed()
                page.screenshot(path=str(Path(SHOTS) / f"days-{lang}-{size_name}-refused.png"))
            page.locator("#days-visit_on").fill(_day(shift))
            page.locator("#days-due_on").fill(_day(20 + shift))  # the reviewers told both
            page.locator("section[aria-labelledby=days] button").click()
            expect(page.locator(".flash-success")).to_contain_text(saved)
            expect(page.locator("#days-visit_on")).to_have_value(_day(shift))
            shift += 1
            if SHOTS:
                flash = page.locator(".flash-success")
                flash.screenshot(path=str(Path(SHOTS) / f"days-{lang}-{size_name}-told.png"))
                page.locator("#days").scroll_into_view_if_needed()
                page.screenshot(path=str(Path(SHOTS) / f"days-{lang}-{size_name}-saved.png"))
    # The lead's review page says the day and links the form.
    lead_page = page.locator("a[href$='/consolidate']").first.get_attribute("href")
    for lang in WORDS:
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            page.goto(f"{live_server}/lang/{lang}?next={lead_page}")
            expect(page.locator("#review-days a")).to_have_attribute("href", f"{url}#days")
            if size_name == "phone":
                fits_phone(page, f"the review page ({lang})")
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / f"review-{lang}-{size_name}.png"))
