"""A finding's file input speaks the page's language and checks sizes early, as evidence's.

The finding form showed the browser's own "Choose Files"/"未选择文件"; it now has the
evidence input's face (macros/files.html file_pick) and evidence-upload.js's size and
count check. And the reviewer's submit confirmation sums up what goes to the lead
(screenshots on a 390-pixel phone, zh and en). Its own demo database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage, build_demo, make_live_app, serve

REVIEWER = "reviewer.huang@demo.example.cn"
LEAD = "ps.lead@demo.example.cn"
LIMIT = 1024 * 1024  # 1 MB: a file over it is refused before it is sent
WORDS = {
    "zh_CN": ("选择文件", "未选择文件", "超过 1 MB", "将提交给组长：", "取消"),
    "en": (
        "Choose files",
        "No file chosen",
        "larger than the 1 MB",
        "What goes to the lead:",
        "Cancel",
    ),
}


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_live_app(tmp_path_factory.mktemp("finding-file-pick"))


@pytest.fixture(scope="module")
def live_server(live_app: Flask) -> Iterator[str]:
    yield from serve(live_app)


@pytest.fixture(scope="module")
def assignment_id(live_app: Flask) -> int:
    """黄磊 assigned to 西岭化工's review, the sample decided: the submit asks to confirm."""
    world = build_demo(live_app)
    with live_app.app_context():
        users = db.session().scalars(select(User).where(User.email.in_([REVIEWER, LEAD])))
        by_email = {u.email: u for u in users}
        assessment = db.session().get(Assessment, world["xiling-chem"])
        assert assessment is not None
        review = review_services.assign_reviewers(
            assessment, ReviewKind.DESK, [by_email[REVIEWER]], by_email[LEAD]
        )
        assignment = review.assignments[0]
        reviewing.accept_remaining(assignment, list(review.sample), set(), by_email[REVIEWER])
        db.session().commit()
    live_app.config["MAX_UPLOAD_BYTES"] = LIMIT  # after the demo's own evidence files
    return assignment.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_finding_file_input_has_the_evidence_face_and_checks(
    live_server: str, assignment_id: int, phone_page: PhonePage, tmp_path: Path, lang: str
) -> None:
    shots = Path(os.environ.get("RCAPP_SHOTS") or tmp_path)
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
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    page.locator("#finding-form .field:has(input[type=file])").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"finding-file-pick-{lang}.png")

    # The submit's confirmation: what goes to the lead, one paragraph a part.
    page.locator(".panel form[action$='/submit'] button").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-confirm-text] p").first).to_have_text(summary)
    dialog.screenshot(path=shots / f"submit-summary-{lang}.png")
    dialog.get_by_role("button", name=cancel).click()
