"""English PDFs print curly quotes at Latin width: "group’s", not "group’ s".

The CJK font of print.css draws ‘ ’ “ ” full-width; in an English scorecard "working
group’s pooled median" showed a gap after the apostrophe. Chinese documents keep them wide.
"""

from __future__ import annotations

from html import unescape
from pathlib import Path

from rcapp.reports.pdf import PRINT_CSS, html_to_pdf
from tests.pdf_tools import _run, needs_poppler

STATIC = Path(__file__).resolve().parents[3] / "static"


def _word_widths(lang: str) -> dict[str, float]:
    html = (
        f'<!doctype html><html lang="{lang}"><head><link rel="stylesheet" href="{PRINT_CSS}">'
        "</head><body><p>group’s group's “median” median</p></body></html>"
    )
    boxes = _run("pdftotext", html_to_pdf(html, STATIC), "-bbox")
    widths = {}
    for word in boxes.split("<word ")[1:]:
        x_min = float(word.split('xMin="', 1)[1].split('"', 1)[0])
        x_max = float(word.split('xMax="', 1)[1].split('"', 1)[0])
        widths[unescape(word.split(">", 1)[1].split("<", 1)[0])] = x_max - x_min
    return widths


@needs_poppler
def test_english_curly_quotes_are_as_narrow_as_straight_ones() -> None:
    widths = _word_widths("en")
    # a full-width ’ is one em (9.5 pt) wide, a Latin one about a third of that
    assert widths["group’s"] - widths["group's"] < 2
    assert widths["“median”"] - widths["median"] < 12  # two full-width quotes add 19 pt


@needs_poppler
def test_chinese_documents_keep_full_width_quotes() -> None:
    widths = _word_widths("zh-CN")
    assert widths["group’s"] - widths["group's"] > 5
