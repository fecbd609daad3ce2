"""The PDFs are tagged (QA39 S2): `pdfinfo` said "Tagged: no" for the scorecard, so a screen
reader got no headings, no table structure and no alternative for the chart."""

from __future__ import annotations

from pathlib import Path

from rcapp.reports.pdf import html_to_pdf
from tests.pdf_tools import _run, needs_poppler

STATIC = Path(__file__).resolve().parents[3] / "static"


@needs_poppler
def test_a_rendered_pdf_is_tagged() -> None:
    html = (
        "<html lang='zh-CN'><head><title>评分卡</title></head><body><h1>评分卡</h1>"
        "<table><tr><th scope='col'>板块</th></tr><tr><td>管理体系</td></tr></table></body></html>"
    )
    info = _run("pdfinfo", html_to_pdf(html, STATIC))
    assert "Tagged:          yes" in info, info
