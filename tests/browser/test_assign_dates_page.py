"""The assign page's days in a real browser: an on-site review without a visit day is refused
with the field named, in Chinese and English, on a laptop and a phone (nothing assigned).

Screenshots are written when RCAPP_SHOTS names a folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, expect

LEAD = "ps.lead@demo.example.cn"  # 周建华, process-safety working group
SHOTS = os.environ.get("RCAPP_SHOTS")  # a folder for the screenshots, when wanted
SIZES: dict[str, ViewportSize] = {
    "laptop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
REFUSED = {
    "zh_CN": "现场评审须填写现场评审日期（年-月-日）。",
    "en": "An on-site review needs an on-site visit date (YYYY-MM-DD).",
}


def test_an_onsite_review_without_a_visit_day_is_refused_naming_the_field(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    url = f"/reviews/assessments/{demo_world['xiling-chem']}/assign"
    log_in(page, LEAD)
    for lang, refused in REFUSED.items():
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            page.goto(f"{live_server}/lang/{lang}?next={url}")
            page.locator("input[name=kind][value=onsite]").check()
            page.locator("input[name=reviewers]:not([disabled])").first.check()
            page.locator("input[name=visit_on]").fill("")
            page.locator("form button.primary").click()
            expect(page.locator("#visit_on-error")).to_contain_text(refused)
            if SHOTS:
                page.locator("#visit_on").scroll_into_view_if_needed()
                page.screenshot(path=str(Path(SHOTS) / f"assign-dates-{lang}-{size_name}.png"))
