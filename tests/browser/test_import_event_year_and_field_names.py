"""The import preview says an event dated in another year first, open, above the folded
notes; a refused event cell names its column in the page's language (importwords 1, 4)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
SHOTS = os.environ.get("RCAPP_SCREENSHOTS")  # a folder to keep the screenshots in


def _with_event(page: Page, base: str, assessment_id: int, **cells: object) -> bytes:
    """The filled template with one new event in the first blank row of the events sheet."""
    data = page.request.get(f"{base}/reports/assessments/{assessment_id}/template.xlsx").body()
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title in ("事件", "Events"))
    row = next(r for r in range(4, sheet.max_row + 2) if not sheet[f"A{r}"].value)
    typed = {"A": "生产安全事故", "B": "一般", "C": "2026-03-05", "G": "储罐泄漏", "H": "否"}
    for column, value in {**typed, **cells}.items():
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page: Page, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_an_event_in_another_year_is_said_first_and_a_refused_cell_names_its_column(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], tmp_path: Path
) -> None:
    assessment_id = demo_world["weibei-petro"]
    # the column's header names the field; the message does not name it again
    for lang, loss_words in (
        ("zh_CN", "F 列（直接经济损失（万元））：“12,5”不是有效数字"),
        ("en", "column F (Direct economic loss (10,000 CNY)): “12,5” is not a valid number"),
    ):
        page = desktop_page(EDITOR)
        page.goto(f"{live_server}/lang/{lang}?next=/reports/assessments/{assessment_id}/import")
        _upload(
            page, tmp_path / "refused.xlsx", _with_event(page, live_server, assessment_id, F="12,5")
        )
        problems = page.locator(".import-problems")
        expect(problems).to_contain_text(loss_words)
        assert "event" not in problems.inner_text().replace("Event", "")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/import_refused_{lang}.png", full_page=True)

        _upload(page, tmp_path / "dated.xlsx", _with_event(page, live_server, assessment_id))
        first = page.locator("#first-warnings")
        expect(first).to_be_visible()
        expect(first).to_contain_text("2026-03-05")
        assert first.evaluate("list => list.closest('details') === null")  # never folded
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/import_preview_{lang}.png", full_page=True)
        page.locator("button[value=cancel]").click()
