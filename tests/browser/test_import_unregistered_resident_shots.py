"""A park fills an unregistered resident into the template's events sheet and uploads it:
the preview lists its name and credit code, and a bad row is refused at its column, in zh
and en, at 1280 and 390 px (screenshots)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp.assessments.models import AssessmentStatus
from tests.browser.conftest import PAGE_WIDTH, PHONE, OpenPage
from tests.browser.held_status import held_status

PARK = "linhai-park.admin@demo.example.cn"
CODE = "91330100MA2B3C4D5N"
WORDS = {
    "zh_CN": ("未登记入园企业名称", "J 列（未登记入园企业名称）：本行已在“发生单位（入园企业）”列"),
    "en": (
        "Name of the unregistered resident",
        "column J (Name of the unregistered resident): this row names a resident registered",
    ),
}


def _filled(page: Page, base: str, assessment_id: int, both: bool) -> bytes:
    """The park's template with an event at an unregistered resident (`both`: a registered one
    chosen beside it, which is refused)."""
    data = page.request.get(f"{base}/reports/assessments/{assessment_id}/template.xlsx").body()
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title in ("事件", "Events"))
    row = next(r for r in range(4, sheet.max_row + 2) if not sheet[f"A{r}"].value)
    # the registered resident the demo's accident names (the register is copied above)
    registered = next(sheet[f"I{r}"].value for r in range(4, row) if sheet[f"I{r}"].value)
    typed = {"A": "生产安全事故", "B": "一般", "C": "2025-03-01", "G": "北岸化工储罐区泄漏"}
    typed |= {"H": "否", "J": "北岸化工有限公司", "K": CODE.lower()}
    if both:
        typed["I"] = registered
    for column, value in typed.items():
        sheet[f"{column}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page: Page, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_preview_lists_the_unregistered_resident_and_a_bad_row_is_refused(
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    phone_page: OpenPage,
    shots: Path,
    tmp_path: Path,
    lang: str,
    size: str,
) -> None:
    assessment_id = demo_world["linhai-park"]
    page = (desktop_page if size == "desktop" else phone_page)(PARK)
    name_header, refused = WORDS[lang]
    with held_status(live_app, assessment_id, AssessmentStatus.DRAFT):
        page.goto(f"{live_server}/lang/{lang}?next=/reports/assessments/{assessment_id}/import")
        _upload(page, tmp_path / "both.xlsx", _filled(page, live_server, assessment_id, True))
        expect(page.locator(".import-problems")).to_contain_text(refused)
        if size == "phone":
            assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
        page.screenshot(path=str(shots / f"import-refused-{lang}-{size}.png"), full_page=True)

        _upload(page, tmp_path / "good.xlsx", _filled(page, live_server, assessment_id, False))
        main = page.locator("main")
        expect(main).to_contain_text(name_header)
        expect(main).to_contain_text("北岸化工有限公司")
        expect(main).to_contain_text(CODE)  # as it is saved: upper case
        if size == "phone":
            assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
        page.screenshot(path=str(shots / f"import-preview-{lang}-{size}.png"), full_page=True)
        page.locator("button[value=cancel]").click()
