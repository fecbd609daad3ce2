"""On a 390-pixel phone the header and the home page fit the screen (found by hqa).

The main navigation did not wrap: the secretariat's eight links squeezed into one-word columns
and ran off the right edge, widening every page to 656 pixels; the home page's progress bars
(10rem each) pushed its table past the edge too.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    "email", ["secretariat@demo.example.cn", "linhai-chlor.hse@demo.example.cn"]
)
def test_home_page_fits_a_phone_in_english(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    email: str,
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto(f"{live_server}/lang/en?next=/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"page is {width}px wide on a 390px phone"
        # Each navigation link stays on one line (no "My / to-do / list" columns).
        heights = page.eval_on_selector_all(
            ".main-nav a", "links => links.map(a => a.getClientRects().length)"
        )
        assert heights
        assert all(lines == 1 for lines in heights), heights
    finally:
        context.close()
