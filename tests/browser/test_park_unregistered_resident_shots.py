"""A park files an event at a resident not registered in this system, and its draft result says a
prerequisite answered 是 lacks its file: screenshots in zh and en, 1280 and 390 px.

The register names the company as typed, marked unregistered, on a desktop and in a phone's
card; the result's note fits the phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete

from rcapp import db
from rcapp.assessments.models import AssessmentStatus, Attachment, Event
from tests.browser.conftest import PAGE_WIDTH, PHONE, OpenPage
from tests.browser.held_status import held_status

PARK = "linhai-park.admin@demo.example.cn"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_unregistered_resident_and_the_missing_file_are_said(
    live_app: Flask,
    live_server: str,
    demo_world: dict[str, int],
    desktop_page: OpenPage,
    phone_page: OpenPage,
    shots: Path,
    lang: str,
    size: str,
) -> None:
    assessment_id = demo_world["linhai-park"]
    page = (desktop_page if size == "desktop" else phone_page)(PARK)
    with held_status(live_app, assessment_id, AssessmentStatus.DRAFT):
        page.goto(f"{live_server}/lang/{lang}?next=/assessments/{assessment_id}/events")
        page.select_option("#resident", "unregistered")
        page.fill("#resident_name", "北岸化工有限公司")
        page.fill("#resident_credit_code", "91330100MA2B3C4D5N")
        page.select_option("#event_type", index=1)
        page.select_option("#grade", "general")
        page.fill("#occurred_on", "2025-03-01")
        page.fill("#description", "北岸化工储罐区泄漏，无人员伤亡")
        page.locator("#event-form button[type=submit].primary").click()
        page.wait_for_load_state()
        page.screenshot(path=str(shots / f"events-saved-{lang}-{size}.png"), full_page=True)
        register = page.locator("table.events")
        assert "北岸化工有限公司" in register.inner_text()
        if size == "phone":
            assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
        page.screenshot(path=str(shots / f"events-{lang}-{size}.png"), full_page=True)
        with live_app.app_context():
            db.session().execute(
                delete(Attachment).where(
                    Attachment.assessment_id == assessment_id, Attachment.item_id == "P1"
                )
            )
            db.session().execute(delete(Event).where(Event.resident_name == "北岸化工有限公司"))
            db.session().commit()
        page.goto(f"{live_server}/assessments/{assessment_id}/result")
        note = page.locator("#unfiled-prerequisites")
        assert note.is_visible()
        note.scroll_into_view_if_needed()
        if size == "phone":
            assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
        page.screenshot(path=str(shots / f"result-{lang}-{size}.png"))
