"""Chromium shows a PDF and a JPEG opened with 查看 in a new tab, under the inline response's
sandboxing Content-Security-Policy (not bypassed here): the screenshot holds their colours."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from PIL import Image
from playwright.sync_api import Page

from tests.browser.conftest import OpenPage
from tests.browser.evidence_files import attached

RED = (255, 0, 0)
YELLOW = (250, 200, 0)


def _pdf_with_a_red_square() -> bytes:
    """A one-page PDF filled in red in its middle, with a correct cross-reference table."""
    content = b"1 0 0 rg 150 300 300 300 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return bytes(out)


def _jpeg_with_a_yellow_square() -> bytes:
    image = Image.new("RGB", (400, 300), (30, 120, 200))
    image.paste(YELLOW, (100, 75, 300, 225))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def two_files(live_app: Flask, demo_world: dict[str, int]) -> Iterator[tuple[int, list[int]]]:
    """Put a PDF and a JPEG on MS.G1.1 of a demo draft; remove them afterwards."""
    assessment_id = demo_world["linhai-chlor"]
    files = (
        ("红色方块.pdf", _pdf_with_a_red_square()),
        ("黄色方块.jpg", _jpeg_with_a_yellow_square()),
    )
    with attached(live_app, assessment_id, "MS.G1.1", files) as ids:
        yield assessment_id, ids


def _share_of(page: Page, colour: tuple[int, int, int]) -> float:
    """The share of the page's screenshot (pixels) within a little of `colour`."""
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    total = shot.width * shot.height
    near = 0
    for count, found in shot.getcolors(total) or []:
        assert isinstance(found, tuple)  # an RGB image's colours are (r, g, b)
        if all(abs(a - b) < 30 for a, b in zip(found, colour, strict=True)):
            near += count
    return near / total


def _opened(page: Page, href: str) -> Page:
    with page.context.expect_page() as opened:
        page.click(f"a.view-file[href^='{href}/']")
    tab = opened.value
    tab.wait_for_load_state()
    return tab


def test_a_pdf_and_a_jpeg_render_in_a_new_tab(
    desktop_page: OpenPage, live_server: str, two_files: tuple[int, list[int]]
) -> None:
    assessment_id, (pdf_id, jpeg_id) = two_files
    page = desktop_page("linhai-chlor.hse@demo.example.cn")
    page.goto(f"{live_server}/assessments/{assessment_id}/sections/MS")
    jpeg = _opened(page, f"/assessments/{assessment_id}/evidence/{jpeg_id}/view")
    assert jpeg.evaluate("document.images[0].naturalWidth") == 400
    assert jpeg.title() == "黄色方块.jpg (400×300)"  # the address ends in the file's name
    assert _share_of(jpeg, YELLOW) > 0.02
    pdf = _opened(page, f"/assessments/{assessment_id}/evidence/{pdf_id}/view")
    # The viewer draws the page a moment after the tab has loaded.
    for _attempt in range(40):
        if _share_of(pdf, RED) > 0.02:
            break
        pdf.wait_for_timeout(250)
    assert _share_of(pdf, RED) > 0.02
