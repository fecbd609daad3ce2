"""A 300-character evidence file name wraps in its list (qa67 p1): the page never scrolls
sideways and 查看 and 删除 stay on the screen, on a laptop and on a phone."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Attachment
from tests.browser.conftest import LAPTOP, PAGE_WIDTH, PHONE, OpenPage

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
NAME = storage.safe_filename("检测报告" + "A" * 296 + ".pdf")  # kept as 200 characters


@pytest.fixture
def long_named(live_app: Flask, demo_world: dict[str, int]) -> Iterator[int]:
    """Put a long-named PDF on MS.G1.1 of a demo draft; remove it afterwards."""
    assessment_id = demo_world["linhai-chlor"]
    with live_app.app_context():
        stored = storage.store_upload(io.BytesIO(PDF), NAME, 1024 * 1024, storage.upload_dir())
        attachment = Attachment(
            assessment_id=assessment_id,
            item_id="MS.G1.1",
            original_name=NAME,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
        )
        db.session().add(attachment)
        db.session().commit()
        attachment_id = attachment.id
    yield assessment_id
    with live_app.app_context():
        found = db.session().get(Attachment, attachment_id)
        if found is not None:
            storage.stored_path(found.stored_name, storage.upload_dir()).unlink()
            db.session().delete(found)
        db.session().commit()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_long_file_name_wraps_in_the_section_page(
    desktop_page: OpenPage, live_server: str, long_named: int, viewport: dict[str, int]
) -> None:
    page = desktop_page("linhai-chlor.hse@demo.example.cn", viewport=viewport)
    page.goto(f"{live_server}/assessments/{long_named}/sections/MS")
    page.wait_for_load_state("load")
    assert page.evaluate(PAGE_WIDTH) <= viewport["width"]
    row = page.locator("#item-MS\\.G1\\.1 .evidence li").filter(has_text=NAME[:20])
    for control in (row.locator("a.view-file"), row.locator("button.link-button")):
        box = control.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= viewport["width"]
