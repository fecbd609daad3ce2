"""From her result to last year's: 东海精细's admin follows 与往年比较 to the years page, zh
and en, at a laptop's and a phone's width (QA: after her peer review she found no way from
the result to a comparison, nor why 2024's self-assessment cap was 2 stars and 2025's 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot_laptop_and_phone

ADMIN = "donghai-fine.admin@demo.example.cn"
LINK = {"zh": "与往年比较", "en": "Compare with earlier years"}
CAP = {
    "zh": "2025 年起，未经同行评审的自评最高 1 星（评价细则第 2 版",
    "en": "From 2025, a self-assessment not peer reviewed reaches at most 1 star (rubric version 2",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_leads_to_the_years_and_the_cap_is_explained(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    shots: Path,
    lang: str,
) -> None:
    log_in(page, ADMIN)
    page.goto(f"{live_server}/lang/{lang}")
    page.goto(f"{live_server}/assessments/{demo_world['donghai-fine']}/result")
    link = page.locator("#result-downloads a.years-link")
    expect(link).to_have_text(LINK[lang])
    shoot_laptop_and_phone(page, shots, f"result-years-link-{lang}", "the result page")
    link.click()
    expect(page).to_have_url(re.compile(r"/benchmarks/organisations/\d+/years$"))
    cap_row = page.locator("#self-cap-row td")
    expect(cap_row).to_have_count(3)  # 2023 and 2024 on version 1, 2025 on version 2
    expect(cap_row.last).to_have_text(re.compile(r"^1"))
    expect(cap_row.first).to_have_text(re.compile(r"^2"))
    note = page.locator("#self-cap-2025")
    expect(note).to_contain_text(CAP[lang])
    shoot_laptop_and_phone(page, shots, f"years-cap-{lang}", "the years page", in_view=note)
