"""The result page on a 390-pixel phone (HSE staff check their result there).

Testers found it very long and its radar's labels unreadable: the 540-unit chart shrunk to
about 300 px drew its section names at 7 px and its ring values at 5.6 px. On a phone the
axes now show section codes (MS, C1 …) of about 12 px, named by a key under the chart, and
the ring values give way to that key's exact scores; the page never scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage

# Every chart text the reader sees, at the size it is drawn on the screen: the SVG's font
# size times the chart's scale (its drawn width over its viewBox width).
SHOWN_CHART_TEXT = """() => [...document.querySelectorAll('figure.radar svg text')]
    .filter(t => t.getClientRects().length > 0)
    .map(t => {
        const svg = t.closest('svg');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * scale];
    })"""


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_result_page_fits_a_phone_with_readable_radar_labels(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
) -> None:
    page = phone_page(
        "donghai-fine.admin@demo.example.cn", device_scale_factor=2
    )  # peer reviewed: the final result
    page.goto(f"{live_server}/lang/{lang}?next=/assessments/{demo_world['donghai-fine']}/result")
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"the result page is {width}px wide on a 390px phone"
    shown = page.evaluate(SHOWN_CHART_TEXT)
    assert [text for text, _size in shown] == ["MS", "C1", "C2", "C3", "C4", "C5", "C6"]
    small = [(text, round(size, 1)) for text, size in shown if size < 11]
    assert small == [], small
    # The key names every code beside its score, in the page's language.
    key = page.locator(".radar-legend dt")
    assert key.count() == 7
    assert key.first.is_visible()
    assert float(key.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 11
    name = "Management system" if lang == "en" else "管理体系"
    assert name in key.first.inner_text()
    # The folds open and close with a tap of 40 px at least.
    summaries = page.eval_on_selector_all(
        "main details > summary", "all => all.map(s => s.getBoundingClientRect().height)"
    )
    assert summaries
    assert min(summaries) >= 40, summaries


def test_result_page_keeps_the_section_names_on_a_desktop(
    browser: Browser,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, "donghai-fine.admin@demo.example.cn")
        page.goto(f"{live_server}/assessments/{demo_world['donghai-fine']}/result")
        shown = [text for text, _size in page.evaluate(SHOWN_CHART_TEXT)]
        assert "MS" not in shown
        assert "管理体系" in shown
        assert {"20", "100"} <= set(shown)  # the ring values
        assert not page.locator(".radar-legend").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_kpi_codes_stay_on_one_line_on_a_phone(
    live_server: str,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
) -> None:
    """QA15 S8: "OHS- / 05" in the card tables; a code is one word, never broken."""
    page = phone_page("donghai-fine.admin@demo.example.cn", device_scale_factor=2, has_touch=False)
    page.goto(f"{live_server}/lang/{lang}?next=/assessments/{demo_world['donghai-fine']}/result")
    lines = page.eval_on_selector_all(
        "main .item-id",
        "all => all.filter(e => e.getClientRects().length > 0)"
        ".map(e => [e.textContent, e.getClientRects().length])",
    )
    assert lines
    broken = [code for code, count in lines if count > 1]
    assert broken == [], broken
