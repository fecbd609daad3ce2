"""Read PDFs in tests the way a user would: pdftotext for the words, pdffonts for the fonts."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def _run(tool: str, pdf: bytes, *args: str) -> str:
    executable = shutil.which(tool)
    assert executable is not None, f"{tool} is not installed (poppler-utils)"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(  # noqa: S603 - a fixed tool on our own file
            [executable, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def pdf_text(pdf: bytes) -> str:
    return _run("pdftotext", pdf)


def pdf_fonts(pdf: bytes) -> list[str]:
    return _run("pdffonts", pdf).splitlines()[2:]


def embedded_cjk_subset(pdf: bytes) -> bool:
    """Whether every CJK font is embedded and subset (and there is at least one)."""
    cjk = [line for line in pdf_fonts(pdf) if "CJK" in line]
    return bool(cjk) and all(" yes yes " in line for line in cjk)


def pdf_pages(pdf: bytes) -> int:
    info = _run("pdfinfo", pdf)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def words_off_the_page(pdf: bytes, margin: float = 0.0) -> list[tuple[int, str]]:
    """(page, word) of every word that reaches past its page's right edge less `margin` pt."""
    found = []
    pages = _run("pdftotext", pdf, "-bbox").split("<page ")[1:]
    for number, page in enumerate(pages, start=1):
        width = float(page.split('width="', 1)[1].split('"', 1)[0])
        for word in page.split("<word ")[1:]:
            x_max = float(word.split('xMax="', 1)[1].split('"', 1)[0])
            if x_max > width - margin:
                found.append((number, word.split(">", 1)[1].split("<", 1)[0]))
    return found
