"""Evidence files checked in the browser before they are sent: a file over the per-file
limit is named and taken out of the choice, too many files stop the press, and nothing
typed on the page is lost either way."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
LogIn = Callable[[Page, str], None]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
MB = 1024 * 1024


def _item(page: Page, item_id: str) -> Locator:
    return page.locator(f"#item-{item_id.replace('.', chr(92) + '.')}")


def _level(page: Page, item_id: str, value: str) -> Locator:
    return page.locator(f'input[type=radio][name="{item_id}__level"][value="{value}"]')


def _note(page: Page, item_id: str) -> Locator:
    return page.locator(f'[name="{item_id}__evidence_note"]')


def _chosen(box: Locator) -> list[str]:
    names: list[str] = box.evaluate("input => Array.from(input.files).map(f => f.name)")
    return names


def test_an_oversize_file_is_named_taken_out_and_the_typed_input_kept(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, tmp_path: Path
) -> None:
    log_in(page, EDITOR)
    section = f"{live_server}/assessments/{demo_world['weibei-petro']}/sections/C4"
    page.goto(section)
    _level(page, "C4.E1.1", "2").check()
    _note(page, "C4.E1.1").fill("培训签到表（选大文件前填写）")
    big, small = tmp_path / "全厂扫描件.pdf", tmp_path / "签到表.pdf"
    big.write_bytes(PDF + b"0" * (21 * MB))
    small.write_bytes(PDF)
    item = _item(page, "C4.E1.2")
    box = item.locator("input[type=file]")
    box.set_input_files([str(big), str(small)])

    problem = item.locator(".field-error[role=alert]")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("文件“全厂扫描件.pdf”超过 20 MB 的上限，不能上传")
    expect(problem).to_contain_text("本页已填写的内容都还在")
    assert _chosen(box) == ["签到表.pdf"]
    expect(_level(page, "C4.E1.1", "2")).to_be_checked()
    expect(_note(page, "C4.E1.1")).to_have_value("培训签到表（选大文件前填写）")

    # The press then saves the typed answers and uploads the file that fits.
    item.get_by_role("button", name="保存并上传").click()
    expect(page).to_have_url(re.compile(r"/sections/C4#item-C4\.E1\.2$"))
    expect(page.locator("main")).to_contain_text("已上传“签到表.pdf”。")
    expect(_level(page, "C4.E1.1", "2")).to_be_checked()
    expect(_note(page, "C4.E1.1")).to_have_value("培训签到表（选大文件前填写）")


def test_more_files_than_one_upload_takes_stop_the_press_in_english(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, tmp_path: Path
) -> None:
    log_in(page, EDITOR)
    path = f"/assessments/{demo_world['weibei-petro']}/sections/C4"
    page.goto(f"{live_server}/lang/en?next={path}")
    _note(page, "C4.E1.3").fill("Six scans, picked in one go")
    files = [tmp_path / f"scan-{n}.pdf" for n in range(1, 7)]
    for file in files:
        file.write_bytes(PDF)
    item = _item(page, "C4.E1.3")
    item.locator("input[type=file]").set_input_files([str(f) for f in files])
    problem = item.locator(".field-error[role=alert]")
    expect(problem).to_contain_text("6 files are chosen on this page, but at most 5 go in one")

    item.get_by_role("button", name="Save and upload").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(problem).to_be_visible()
    expect(_note(page, "C4.E1.3")).to_have_value("Six scans, picked in one go")
    expect(item.get_by_role("button", name="Save and upload")).to_be_enabled()
