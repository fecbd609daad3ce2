"""qa53 M2 in the browser: a colleague submits while the page holds unsaved input.

The refused save shows the input in a box marked as not saved, with a copy button; a
reload keeps offering it (the tab's draft, drafts.js) until discarded; once the assessment
is returned, the page offers it through "恢复未保存的输入".
"""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from rcapp.assessments.models import AssessmentStatus
from tests.browser.conftest import OpenPage
from tests.browser.held_status import held_status

EDITOR = "weibei-petro.admin@demo.example.cn"  # 潍北石化: 2025 returned, so editable
TYPED = "王磊：供应商SDS审核记录（未保存XYZ）"


def test_input_refused_by_a_submit_is_marked_kept_and_restored_after_the_return(
    desktop_page: OpenPage, live_server: str, live_app: Flask, demo_world: dict[str, int]
) -> None:
    assessment_id = demo_world["weibei-petro"]
    page = desktop_page(EDITOR)
    page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
    comment = page.locator('[name="MS.G3.1__comment"]')
    stored = comment.input_value()
    comment.fill(TYPED)
    box = page.locator("#unsaved-locked")

    with held_status(live_app, assessment_id, AssessmentStatus.SUBMITTED):
        page.get_by_role("button", name="保存本页").click()
        expect(page.locator(".flash-error").first).to_contain_text("不能再修改")
        expect(box).to_be_visible()
        expect(box.get_by_role("heading")).to_have_text("未保存的输入（已提交，无法保存）")
        expect(box.locator("textarea")).to_have_value(f"MS.G3.1 备注：{TYPED}")
        expect(box.get_by_role("button", name="复制未保存的输入")).to_be_visible()
        # only in the box (a textarea, not in the text read here), not where the stored text is
        assert TYPED not in page.locator("main").inner_text()

        # opened again (a GET: a reload could send the refused form again): from the draft
        page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
        expect(box).to_be_visible()
        expect(box.locator("textarea")).to_have_value(f"MS.G3.1 备注：{TYPED}")
        expect(page.locator("#draft-banner")).to_be_hidden()  # nothing to restore into

    # The secretariat returned it: the page is editable and offers the input again.
    page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
    expect(comment).to_have_value(stored)
    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="恢复未保存的输入").click()
    expect(comment).to_have_value(TYPED)  # not saved: the demo data stays as it was


def test_discarding_the_kept_input_on_the_read_only_page(
    desktop_page: OpenPage, live_server: str, live_app: Flask, demo_world: dict[str, int]
) -> None:
    assessment_id = demo_world["weibei-petro"]
    page = desktop_page(EDITOR, locale="en-GB")
    page.goto(f"{live_server}/lang/en?next=/assessments/{assessment_id}/sections/MS")
    page.locator('[name="MS.G3.1__comment"]').fill(TYPED)
    box = page.locator("#unsaved-locked")
    with held_status(live_app, assessment_id, AssessmentStatus.SUBMITTED):
        page.get_by_role("button", name="Save this page").click()
        expect(box.get_by_role("heading")).to_have_text(
            "Unsaved input (submitted, cannot be saved)"
        )
        box.get_by_role("button", name="Discard the unsaved input").click()
        expect(box).to_be_hidden()
        page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
        expect(box).to_be_hidden()
    page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
    expect(page.locator("#draft-banner")).to_be_hidden()  # discarded: nothing offered
