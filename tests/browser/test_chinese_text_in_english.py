"""English organisation pages mark Chinese text with lang="zh-CN" and pass axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from rcapp.demo import world

LogIn = Callable[[Page, str], None]


def test_english_organisation_pages_mark_chinese_text_and_pass_axe(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    log_in(page, world.SECRETARIAT.email)
    page.goto(f"{live_server}/lang/en?next=/organisations/")
    # English pages link the English name; the Chinese one beside it is marked lang="zh-CN".
    link = page.get_by_role("link", name="Xiling Chemical Co., Ltd.")
    cell = page.locator("td").filter(has=link)
    expect(cell.locator("span[lang=zh-CN]")).to_have_text("西岭化工有限公司")
    assert axe_violations(page) == []
    link.click()
    facts = page.locator("#profile-heading + .facts")
    expect(facts).to_contain_text("Shandong Zibo")  # the city in pinyin (QA8 S15)
    expect(facts).to_contain_text("Chlor-alkali")  # the sector in English (QA14 S5)
    assert axe_violations(page) == []
