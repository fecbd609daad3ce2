"""English section pages gloss rubric references with document numbers read in English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

DRAFT_ADMIN = "ludong-fert.admin@demo.example.cn"  # 鲁东化肥: 2025 draft on rc-company v2


def test_english_glosses_read_decrees_and_mark_codes_chinese(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    log_in(page, DRAFT_ADMIN)
    page.goto(f"{live_server}/lang/en?next=/assessments/{demo_world['ludong-fert']}/sections/C1")
    expect(page.locator("#item-C1\\.E1\\.4 .gloss")).to_have_text(
        "Regulations on Emergency Response to Work Safety Accidents (State Council Decree No. 708)"
    )
    # English first, the Chinese citation after it (qa50 #10)
    based_on = page.locator("#item-C1\\.E1\\.4 p.help", has_text="Based on")
    expect(based_on).to_contain_text("708) (《")
    expect(page.locator("#item-C1\\.E1\\.3 .gloss")).to_contain_text(
        "Ministry of Emergency Management Order No. 2, amended 2019"
    )
    page.goto(f"{live_server}/assessments/{demo_world['ludong-fert']}/sections/MS")
    expect(page.locator("#item-MS\\.G2\\.4 .gloss")).to_contain_text("UN SDG 3.9, 12.4")
    code = page.locator("#item-MS\\.G4\\.3 .gloss span[lang=zh-CN]")
    expect(code).to_have_text("应急〔2019〕78号")  # a number beside a named document stays
    # A citation by its number alone reads the document's title (qa11 D1).
    expect(page.locator("#item-MS\\.G5\\.1 .gloss")).to_contain_text(
        "Measures for the Extraction and Use of Enterprise Work Safety Funds"
    )
    expect(page.locator("#item-MS\\.G5\\.1 .gloss span[lang=zh-CN]")).to_have_count(0)
    assert axe_violations(page) == []
