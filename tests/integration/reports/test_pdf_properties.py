"""A PDF's properties (what a viewer's Document Properties shows): its own title in its
language, the committee as author, rcapp as creator and the document's language."""

from __future__ import annotations

import re
import zlib
from types import SimpleNamespace

import pytest
from flask import Flask

from rcapp.reports import documents
from tests.pdf_tools import _run, needs_poppler

AUTHOR = {
    "zh": "中国石油和化学工业联合会责任关怀工作委员会",
    "en": "CPCIF Responsible Care Committee",
}
TITLE = {"zh": "获得星级的组织", "en": "Star-rated organisations"}
LANG = {"zh": b"zh-CN", "en": b"en"}


def _document_language(pdf: bytes) -> list[bytes]:
    """The catalogue's /Lang, read also inside compressed object streams."""
    unpacked = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            unpacked.append(zlib.decompressobj().decompress(pdf[start.end() :]))
        except zlib.error:
            continue
    return re.findall(rb"/Lang\s*\(([^)]*)\)", b"".join(unpacked))


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_pdf_names_its_title_author_creator_and_language(app: Flask, lang: str) -> None:
    # Any templates/reports page: the properties come from their base, _print_base.html.
    with app.test_request_context():
        pdf = documents.render_pdf(
            "reports/bench_section.html",
            lang,
            report=SimpleNamespace(lang=lang),
            data=SimpleNamespace(organisations=[]),
        )
    info = {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in _run("pdfinfo", pdf).splitlines())
    }
    assert info["Title"] == TITLE[lang]
    assert info["Author"] == AUTHOR[lang]
    assert info["Creator"] == "rcapp"
    assert _document_language(pdf) == [LANG[lang]]
