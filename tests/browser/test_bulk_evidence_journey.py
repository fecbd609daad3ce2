"""Evidence for many items at once, in a real browser: choose a folder's files, check the
preview (an unmatched file given its item), confirm, and read what was uploaded."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Attachment

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
NAMES = ("MS.G2.4 管理制度.pdf", "ms.g2.3_培训记录.pdf", "应急演练照片.pdf")


@pytest.fixture
def removed_after(live_app: Flask) -> Iterator[None]:
    """The demo is shared by every browser test: the files this test uploads go again."""
    yield
    with live_app.app_context():
        found = db.session().scalars(select(Attachment).where(Attachment.original_name.in_(NAMES)))
        for attachment in found:
            storage.stored_path(attachment.stored_name, storage.upload_dir()).unlink()
            db.session().delete(attachment)
        db.session().commit()


@pytest.mark.usefixtures("removed_after")
def test_many_files_are_matched_previewed_and_uploaded_at_once(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    tmp_path: Path,
) -> None:
    log_in(page, EDITOR)
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}")
    page.get_by_role("link", name="批量上传证据").click()
    expect(page.get_by_role("heading", name="批量上传证据", exact=True)).to_be_visible()

    files = []
    for number, name in enumerate(NAMES):
        files.append(tmp_path / name)
        files[-1].write_bytes(PDF + bytes([number]))  # three contents, not one three times
    # a choice heavier than one sending may carry is stopped in the page (limit made small)
    page.locator("#bulk-files").evaluate("input => input.dataset.maxTotal = '60'")
    page.locator("#bulk-files").set_input_files([str(f) for f in files])
    expect(page.locator("#bulk-files-problem")).to_contain_text("请分几次添加")
    page.get_by_role("button", name="添加到预览").click()
    expect(page.get_by_text("尚未添加文件。")).to_be_visible()  # nothing was sent
    page.locator("#bulk-files").evaluate("input => input.dataset.maxTotal = '100000'")
    page.locator("#bulk-files").set_input_files([])  # the same files again are no change
    page.locator("#bulk-files").set_input_files([str(f) for f in files])
    expect(page.locator("#bulk-files-problem")).to_be_hidden()
    expect(page.locator("#bulk-files-chosen")).to_contain_text("3")
    page.get_by_role("button", name="添加到预览").click()

    preview = page.locator("table.bulk-evidence")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview.locator("tr", has_text="MS.G2.4 管理制度.pdf")).to_contain_text("MS.G2.4")
    expect(preview.locator("tr", has_text="ms.g2.3_培训记录.pdf")).to_contain_text("MS.G2.3")
    page.get_by_label("文件名开头不是评价项编号，请选择评价项：").select_option("MS.G1.1")
    page.get_by_role("button", name="确认上传").click()

    expect(page.locator("#bulk-done")).to_contain_text(
        re.compile(r"已为 3 项上传 3 个文件；\d+ 项")
    )
    expect(page.locator("ul.bulk-done li")).to_have_count(3)
    page.get_by_role("link", name="返回自评概览").click()
    page.goto(f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/MS")
    expect(page.get_by_role("link", name="MS.G2.4 管理制度.pdf", exact=True)).to_be_visible()
