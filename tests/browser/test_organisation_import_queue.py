"""The organisation import waits for the worker: upload → waiting page → preview → confirm.

The check and the write run on the task queue (about 10 s per 1,000 rows); the waiting page
asks every second (js/import-wait.js) and shows the preview, then the outcome, by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.factories import credit_code
from tests.org_import_files import company, filled

LogIn = Callable[[Page, str], None]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_upload_waits_for_the_worker_then_previews_and_confirms(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    real_queue: Callable[[], None],
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    rows = [
        company(name_zh=f"排队浏览器化工{n}有限公司", credit_code=credit_code()) for n in range(3)
    ]
    log_in(page, "secretariat@demo.example.cn")
    page.goto(f"{live_server}/organisations/import")
    page.set_input_files(
        "input[type=file]", {"name": "名单.xlsx", "mimeType": XLSX, "buffer": filled(rows)}
    )
    page.get_by_role("button", name="检查文件").click()
    expect(page.locator("#wait-title")).to_have_text("排队中")  # no worker yet (QA43 S2)
    expect(page.locator("#import-wait")).to_contain_text("名单.xlsx")
    assert axe_violations(page) == []

    real_queue()
    expect(page.locator("#preview-title")).to_be_visible(timeout=30_000)
    expect(page.locator(".import-preview")).to_contain_text("排队浏览器化工2有限公司")
    expect(page.locator("#preview-title").locator("..")).to_contain_text("将新增 3 个单位")

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".import-outcome")).to_contain_text(
        "已写入：新增 3，更新 0（", timeout=30_000
    )
    assert axe_violations(page) == []
    page.goto(f"{live_server}/reports/jobs")  # the jobs page lists it, linking its page
    row = page.locator("tr.org-import-applied").first
    expect(row).to_contain_text("名单.xlsx")
    expect(row).to_contain_text("已写入：新增 3，更新 0")
    assert axe_violations(page) == []
    page.goto(f"{live_server}/organisations/?q=排队浏览器化工")
    expect(page.locator("table")).to_contain_text("排队浏览器化工0有限公司")
