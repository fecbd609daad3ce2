"""Closing an action: the server's refusal of a file is gone once another file is chosen (qa90 #4).

A company closing a corrective action sent a file of a refused type; the page came back
with "文件“签字表.exe”的类型不允许……" under the file box. She chose a PDF instead, and the
refusal stayed under it, reading as a refusal of the PDF. Choosing another file now takes
the old refusal away; what she typed stays. Its own demo database (the action stays open).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import ActionStatus, Review
from tests.browser.conftest import own_demo

ADMIN = "haicheng-agro.admin@demo.example.cn"

live_app, live_server, demo_world = own_demo("refusal-forgotten")


def _open_action(live_app: Flask) -> tuple[int, int]:
    """海澄农化's finalised review and its open corrective action."""
    with live_app.app_context():
        company = (
            db.session()
            .scalars(select(Organisation).where(Organisation.name_zh == "海澄农化股份有限公司"))
            .one()
        )
        review = next(
            r
            for r in db.session().scalars(select(Review))
            if r.assessment.organisation_id == company.id and r.is_final
        )
        action = next(f for f in review.findings if f.action_status is ActionStatus.OPEN)
        return review.id, action.id


def test_choosing_another_file_takes_the_old_refusal_away(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    tmp_path: Path,
) -> None:
    review_id, action_id = _open_action(live_app)
    wrong = tmp_path / "签字表.exe"
    wrong.write_bytes(b"MZ not evidence")
    good = tmp_path / "签字页.pdf"
    good.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")
    log_in(page, ADMIN)
    page.goto(f"{live_server}/reviews/{review_id}/final#action-{action_id}")
    action = page.locator(f"#action-{action_id}")
    box = action.locator(f"input[name=c-{action_id}-evidence_file]")
    action.locator(f"textarea[name=c-{action_id}-evidence]").fill("签字页已补齐")
    box.set_input_files(str(wrong))
    with page.expect_navigation():
        action.get_by_role("button", name="关闭整改项").click()
    refusal = page.locator(f"#c-{action_id}-evidence_file-error")
    expect(refusal).to_contain_text("签字表.exe")
    expect(refusal).to_be_visible()

    box = page.locator(f"input[name=c-{action_id}-evidence_file]")
    box.set_input_files(str(good))
    expect(refusal).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"textarea[name=c-{action_id}-evidence]")).to_have_value("签字页已补齐")
