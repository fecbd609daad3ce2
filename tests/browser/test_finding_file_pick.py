"""A finding's file input speaks the page's language and checks sizes early, as evidence's.

The finding form showed the browser's own "Choose Files"/"未选择文件"; it now has the
evidence input's face (macros/files.html file_pick) and evidence-upload.js's size and
count check. And the reviewer's submit confirmation sums up what goes to the lead
(screenshots on a 390-pixel phone, zh and en). Its own demo database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect

from rcapp import db
from rcapp.reviews import reviewing
from tests.browser.conftest import PhonePage, assign_desk_review, fits_phone, own_demo

REVIEWER = "reviewer.huang@demo.example.cn"
LEAD = "ps.lead@demo.example.cn"
LIMIT = 1024 * 1024  # 1 MB: a file over it is refused before it is sent
WORDS = {
    "zh_CN": ("选择文件", "未选择文件", "超过 1 MB", "将提交给工作组组长或副组长：", "取消"),
    "en": (
        "Choose files",
        "No file chosen",
        "larger than the 1 MB",
        "What goes to the working-group lead or deputy lead:",
        "Cancel",
    ),
}


live_app, live_server, demo_world = own_demo("finding-file-pick")


@pytest.fixture(scope="module")
def assignment_id(live_app: Flask, demo_world: dict[str, int]) -> int:
    """黄磊 assigned to 西岭化工's review, the sample decided: the submit asks to confirm."""
    with live_app.app_context():
        assignment = assign_desk_review(demo_world["xiling-chem"], REVIEWER, LEAD)
        sample = list(assignment.review.sample)
        reviewing.accept_remaining(assignment, sample, set(), assignment.reviewer)
        db.session().commit()
    live_app.config["MAX_UPLOAD_BYTES"] = LIMIT  # after the demo's own evidence files
    return assignment.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_finding_file_input_has_the_evidence_face_and_checks(
    live_server: str,
    assignment_id: int,
    phone_page: PhonePage,
    tmp_path: Path,
    shots: Path,
    lang: str,
) -> None:
    face, none, too_large, summary, cancel = WORDS[lang]
    # The browser's own language is the other one: its words must not show.
    page = phone_page(REVIEWER, locale="en-US" if lang == "zh_CN" else "zh-CN")
    page.goto(f"{live_server}/lang/{lang}?next=/reviews/assignments/{assignment_id}")
    pick = page.locator("#finding-form .file-pick")
    expect(pick).to_have_class("file-pick file-pick-ready")
    expect(pick.locator(".file-pick-face")).to_have_text(face)
    expect(pick.locator(".file-pick-names")).to_have_text(none)
    field = pick.locator("input[type=file]")
    assert field.evaluate("e => getComputedStyle(e).opacity") == "0"

    big, photo = tmp_path / "全景.png", tmp_path / "阀门.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * LIMIT)
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    field.set_input_files([str(big), str(photo)])
    problem = page.locator("#finding-form #files-problem")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("全景.png")
    expect(problem).to_contain_text(too_large)
    expect(pick.locator(".file-pick-names")).to_have_text("阀门.png")  # the big one taken out
    assert field.evaluate("e => Array.from(e.files).map(f => f.name)") == ["阀门.png"]
    fits_phone(page, "the reviewer's page")
    page.locator("#finding-form .field:has(input[type=file])").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"finding-file-pick-{lang}.png")

    # The submit's confirmation: what goes to the lead, one paragraph a part.
    page.locator(".panel form[action$='/submit'] button").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-confirm-text] p").first).to_have_text(summary)
    dialog.screenshot(path=shots / f"submit-summary-{lang}.png")
    dialog.get_by_role("button", name=cancel).click()
