"""The import preview on a 390-pixel phone: the page does not overflow (qa34 S21); a blank
template's clashes are worded as such (D4); each row is a card, so the file's value and the
row's "采用文件中的值" tick are on the screen, not off to the right of a scrolled table
(QA36 D3)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.conftest import PAGE_WIDTH, PHONE, OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
FILE_LABEL = "In the file"  # the English of 文件中
SHOTS = os.environ.get("RCAPP_SCREENSHOTS")  # a folder to keep the screenshots in


def _filled_blank(page: Page, base: str, assessment_id: int) -> bytes:
    """The blank template with each C4 level unlike the system's (0 or 1: every item takes it)."""
    blank = page.request.get(f"{base}/reports/assessments/{assessment_id}/template.xlsx?blank=1")
    filled = page.request.get(f"{base}/reports/assessments/{assessment_id}/template.xlsx")
    system = openpyxl.load_workbook(io.BytesIO(filled.body()))
    book = openpyxl.load_workbook(io.BytesIO(blank.body()))
    sheet = next(s for s in book.worksheets if s.title.startswith("C4"))
    had = next(s for s in system.worksheets if s.title.startswith("C4"))
    for row in range(4, sheet.max_row + 1):
        if str(sheet[f"A{row}"].value or "").startswith("C4.E"):
            level = had[f"E{row}"].value
            sheet[f"E{row}"] = 0 if level in (None, "", 1, "1") else 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_files_value_and_the_rows_tick_are_on_a_phones_screen(
    phone_page: OpenPage,
    live_server: str,
    demo_world: dict[str, int],
    tmp_path: Path,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    assessment_id = demo_world["weibei-petro"]
    for lang in ("zh_CN", "en"):
        page = phone_page(EDITOR, bypass_csp=True)  # axe-core is injected
        page.goto(f"{live_server}/lang/{lang}?next=/reports/assessments/{assessment_id}/import")
        upload = tmp_path / f"filled-{lang}.xlsx"
        upload.write_bytes(_filled_blank(page, live_server, assessment_id))
        page.locator("input[type=file]").set_input_files(str(upload))
        page.locator("main form button[type=submit]").click()
        problems = page.locator(".import-problems")
        assert problems.count() == 0, problems.inner_text()
        preview = page.locator("table.import-preview")
        expect(preview).to_be_visible()
        expect(page.locator("#blank-rows")).to_be_visible()
        assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
        box = page.locator(".table-scroll:has(table.import-preview)")
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth")  # nothing hidden sideways
        clash = preview.locator("tbody tr.conflict").first
        value = clash.locator("td.file-value")
        label = value.evaluate("c => getComputedStyle(c, '::before').content").strip('"')
        assert label == ("文件中" if lang == "zh_CN" else FILE_LABEL), label
        tick = clash.get_by_role("checkbox")
        for shown in (value, tick):
            expect(shown).to_be_visible()
            where = shown.bounding_box()
            assert where is not None
            assert where["x"] >= 0, where
            assert where["x"] + where["width"] <= PHONE["width"], where
        tick.check()  # reachable with a tap
        assert axe_violations(page) == []
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/import_preview_phone_{lang}.png", full_page=True)
        page.locator("button[value=cancel]").click()
