"""qa89: on a laptop in English, an import preview's conflict badge ("Conflict: changed on the
web by 孙志强 (Sun Zhiqiang) at … (Beijing time), after the export") ran on one line past
the table's right edge: its end was cut off in the scrolled table. It now wraps."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage, own_demo

live_app, live_server, demo_world = own_demo("conflict-badge")

EDITOR = "linhai-chlor.hse@demo.example.cn"  # 临海氯碱: the 2025 draft


def test_a_conflicts_badge_wraps_inside_the_preview(
    desktop_page: OpenPage, live_server: str, demo_world: dict[str, int], tmp_path: Path
) -> None:
    assessment_id = demo_world["linhai-chlor"]
    page = desktop_page(EDITOR)
    page.goto(f"{live_server}/lang/en?next=/assessments/{assessment_id}/kpis")
    exported = page.request.get(f"{live_server}/reports/assessments/{assessment_id}/template.xlsx")
    page.fill("input[name=hours_employees__value]", "1,660,000")  # changed on the web since
    page.locator("main button[type=submit]:not(.visually-hidden)").first.click()
    expect(page.locator("input[name=hours_employees__value]")).to_have_value("1660000")
    book = openpyxl.load_workbook(io.BytesIO(exported.body()))
    sheet = next(s for s in book.worksheets if s.title.startswith("KPI"))
    row = next(c.row for c in sheet["A"] if c.value == "OHS-03-2")
    sheet[f"E{row}"] = 1650000  # and differently in the file
    upload = tmp_path / "filled.xlsx"
    book.save(upload)
    page.goto(f"{live_server}/reports/assessments/{assessment_id}/import")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("main form button[type=submit]").click()
    badge = page.locator("table.import-preview tr.conflict .badge").first
    expect(badge).to_contain_text("after the export")
    box = page.locator(".table-scroll:has(table.import-preview)")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")  # nothing hidden sideways
    edge = box.bounding_box()
    where = badge.bounding_box()
    assert edge is not None
    assert where is not None
    assert where["x"] + where["width"] <= edge["x"] + edge["width"], (where, edge)
    page.locator("button[value=cancel]").click()
