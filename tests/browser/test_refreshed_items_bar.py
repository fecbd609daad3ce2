"""The save bar after a colleague's import: the refreshed items counted, none marked in red.

A colleague (高志刚) changes C3's answers while 王芳 has the page open (as the Excel import
writes them: services.save_section); she types one note and saves at the bottom.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries, services
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import ItemInput
from tests.browser.conftest import OpenPage

EDITOR = "weibei-petro.admin@demo.example.cn"  # 王芳; 潍北石化 2025: returned, so editable
COLLEAGUE = "ds.lead@demo.example.cn"  # 高志刚, of the same company
BAR = {"zh_CN": "项已被高志刚修改，现已显示其修改后的值", "en": "changed by 高志刚 meanwhile"}
SHOTS = os.environ.get("RCAPP_SCREENSHOTS")  # a folder for the screenshots, when set


def _import_c3(app: Flask, assessment_id: int) -> int:
    """Change every C3 level item's answer, as an import does; return how many."""
    with app.app_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        rubric = queries.rubric_of(assessment)
        actor = db.session().scalar(select(User).where(User.email == COLLEAGUE))
        assert actor is not None
        section = next(s for s in rubric.sections if s.id == "C3")
        stored = queries.answers_by_item(assessment)
        typed = {}
        for element in section.elements:
            for item in element.items[1:]:  # the first of each element stays as it was
                if item.levels and (answer := stored.get(item.id)) is not None:
                    level = 1 if answer.level != 1 else 0
                    typed[item.id] = ItemInput(level=str(level), evidence_note="导入")
        result = services.save_section(assessment, rubric, "C3", typed, actor, from_page=False)
        assert result.ok, result.problems
        db.session().commit()
        return len(result.changed)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_note_after_a_colleagues_import_reads_as_saved_with_items_refreshed(
    desktop_page: OpenPage,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    lang: str,
) -> None:
    assessment_id = demo_world["weibei-petro"]
    page = desktop_page(EDITOR)
    path = f"/assessments/{assessment_id}/sections/C3"
    page.goto(f"{live_server}/lang/{lang}?next={path}")
    changed = _import_c3(live_app, assessment_id)
    assert changed > 1
    page.locator("textarea[name='C3.E1.1__comment']").fill(f"note {lang}")
    page.locator("#section-end button.primary").click()
    page.wait_for_load_state("load")

    bar = page.locator("#section-end .bar-message").first
    expect(bar).to_contain_text(BAR[lang])
    expect(bar).to_contain_text(str(changed))
    assert page.locator(".has-error, .field-error:not([hidden])").count() == 0
    assert page.locator(".taken-text").count() >= changed
    expect(page.locator("textarea[name='C3.E1.1__comment']")).to_have_value(f"note {lang}")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"refreshed-bar-{lang}.png"))
        page.locator(".taken-text").first.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"refreshed-item-{lang}.png"))
