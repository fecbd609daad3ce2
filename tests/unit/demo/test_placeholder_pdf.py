"""The demo's evidence file opens in a PDF viewer (qa20 S10: the stub had no trailer)."""

from __future__ import annotations

from rcapp.demo.placeholder_pdf import placeholder_pdf
from tests.pdf_tools import needs_poppler, pdf_text


@needs_poppler
def test_the_demo_evidence_is_a_readable_one_page_pdf() -> None:
    pdf = placeholder_pdf("MS.G1.1")
    assert pdf.startswith(b"%PDF-1.4")
    text = pdf_text(pdf)  # pdftotext fails (check=True) on a file without a trailer
    assert "rcapp demo evidence" in text
    assert "Item MS.G1.1" in text
    assert text.count("\f") == 1  # one page


def test_the_cross_reference_table_points_at_each_object() -> None:
    pdf = placeholder_pdf("C1.E1.2")
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[start:].startswith(b"xref\n0 6\n")
    entries = pdf[start:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
