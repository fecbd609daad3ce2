"""The HSE manager's journey in a real browser: fill a section, save, reload, submit, see stars."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from playwright.sync_api import Locator, Page, expect

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.rubrics.registry import RubricRegistry
from tests.browser.confirm_dialog import answer_confirm
from tests.browser.conftest import REAL_RUBRICS

HSE_MANAGER = "linhai-chlor.hse@demo.example.cn"  # 江苏临海氯碱化工: 2025 draft, C6 to do
OTHER_COMPANY = "huacai-coatings.admin@demo.example.cn"  # 华彩涂料: no role over 临海氯碱
SUBMITTED_ADMIN = "donghai-fine.admin@demo.example.cn"  # 东海精细化工: 2025 submitted
DRAFT_ADMIN = "ludong-fert.admin@demo.example.cn"  # 鲁东化肥: 2025 draft, only MS filled
LogIn = Callable[[Page, str], None]
Axe = Callable[[Page], list[dict[str, Any]]]


def _company_rubric() -> Rubric:
    # The demo's open 2025 cycle is on version 2 of the company rubric.
    return RubricRegistry(REAL_RUBRICS).get("rc-company", 2).rubric


def _c6_items() -> list[tuple[str, ItemKind]]:
    rubric = _company_rubric()
    [section] = [s for s in rubric.sections if s.id == "C6"]
    return [(item.id, item.kind) for element in section.elements for item in element.items]


def _radio(page: Page, item_id: str, value: str) -> Locator:
    return page.locator(f'input[type=radio][name="{item_id}__level"][value="{value}"]')


def _field(page: Page, item_id: str, part: str) -> Locator:
    return page.locator(f'[name="{item_id}__{part}"]')


def _save(page: Page) -> None:
    page.get_by_role("button", name="保存本页").click()
    expect(page.locator(".flash-success")).to_have_text("已保存。")


def _fill_part_of_c6(page: Page) -> None:
    _radio(page, "C6.E1.1", "3").check()
    _field(page, "C6.E1.1", "evidence_note").fill("GHS 分类清单 2025 版（HSE-C6-001）")
    _radio(page, "C6.E1.2", "2").check()
    _radio(page, "C6.E3.1", "1").check()  # a yes/no item
    _field(page, "C6.E3.3", "na").check()
    _field(page, "C6.E3.3", "na_reason").fill("产品仅在国内销售，无出口。")


def _expect_part_of_c6(page: Page) -> None:
    expect(_radio(page, "C6.E1.1", "3")).to_be_checked()
    expect(_field(page, "C6.E1.1", "evidence_note")).to_have_value(
        "GHS 分类清单 2025 版（HSE-C6-001）"
    )
    expect(_radio(page, "C6.E1.2", "2")).to_be_checked()
    expect(_radio(page, "C6.E3.1", "1")).to_be_checked()
    expect(_field(page, "C6.E3.3", "na")).to_be_checked()
    expect(_field(page, "C6.E3.3", "na_reason")).to_have_value("产品仅在国内销售，无出口。")


def _open_current_assessment(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/assessments/")
    row = page.locator("tbody tr").filter(has=page.get_by_role("cell", name="2025", exact=True))
    row.get_by_role("link", name="江苏临海氯碱化工有限公司").click()
    expect(page.locator("h1")).to_have_text("自评概览")


def test_hse_manager_fills_saves_reloads_submits_and_sees_the_stars(
    page: Page, live_server: str, live_app: Flask, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, HSE_MANAGER)
    _open_current_assessment(page, live_server)
    page.locator(".section-tabs").get_by_role("link", name="产品安全监管").click()
    expect(page.locator("h1")).to_contain_text("产品安全监管")
    _fill_part_of_c6(page)
    _save(page)
    page.reload()
    _expect_part_of_c6(page)

    done = {"C6.E1.1", "C6.E1.2", "C6.E3.1", "C6.E3.3"}
    for item_id, kind in _c6_items():
        if item_id not in done:
            _radio(page, item_id, "1" if kind is ItemKind.YES_NO else "3").check()
    _save(page)
    page.locator(".section-tabs").get_by_role("link", name="概览").click()
    page.get_by_role("button", name="提交自评").click()
    answer_confirm(page)  # "submit now?" confirmation

    expect(page.locator("h1")).to_have_text("得分与星级")
    with live_app.app_context():
        stored = db.session().get(Assessment, demo_world["linhai-chlor"])
        assert stored is not None
        assert stored.stars is not None
        stars = stored.stars
    said = f"{stars} 星" if stars else "未达 1 星"  # a rated 0 reads "未达 1 星" everywhere
    expect(page.locator(".flash-success")).to_have_text(f"已提交。暂定星级：{said}。")
    expect(page.locator("#rating-title ~ .grid-2")).to_contain_text(said)
    assert re.search(r"/assessments/\d+/result$", page.url)


def test_a_user_of_another_company_gets_403_for_assessment_and_result(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    log_in(page, OTHER_COMPANY)
    assessment_id = demo_world["linhai-chlor"]
    for path in ("", "/sections/C6", "/result"):
        response = page.goto(f"{live_server}/assessments/{assessment_id}{path}")
        assert response is not None
        assert response.status == 403, path
        expect(page.locator("h1")).to_contain_text("无权访问")
    page.goto(f"{live_server}/assessments/")
    expect(page.locator("main")).not_to_contain_text("江苏临海氯碱化工有限公司")


def test_an_editable_section_page_has_no_serious_accessibility_violations(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, axe_violations: Axe
) -> None:
    log_in(page, DRAFT_ADMIN)
    page.goto(f"{live_server}/assessments/{demo_world['ludong-fert']}/sections/C6")
    expect(page.get_by_role("button", name="保存本页")).to_be_visible()
    assert axe_violations(page) == []


def test_the_result_page_has_no_serious_accessibility_violations(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, axe_violations: Axe
) -> None:
    log_in(page, SUBMITTED_ADMIN)
    page.goto(f"{live_server}/assessments/{demo_world['donghai-fine']}/result")
    expect(page.locator("h1")).to_have_text("得分与星级")
    assert axe_violations(page) == []


def test_the_english_switch_shows_the_section_page_in_english(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn
) -> None:
    rubric = _company_rubric()
    item = rubric.item_index()["MS.G1.1"]
    log_in(page, DRAFT_ADMIN)
    page.goto(f"{live_server}/assessments/{demo_world['ludong-fert']}/sections/MS")
    expect(page.locator("#item-MS\\.G1\\.1 h3")).to_contain_text(item.prompt.zh)
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/sections/MS$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Management system")
    expect(page.locator("#item-MS\\.G1\\.1 h3")).to_contain_text(item.prompt.en)
    level_3 = page.locator("#item-MS\\.G1\\.1 label.level-choice").nth(3)
    expect(level_3).to_contain_text(rubric.level_labels[3].en)
