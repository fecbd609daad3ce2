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


def overlapping_words(pdf: bytes, slack: float = 0.5) -> list[tuple[int, str, str]]:
    """(page, word, word) of every two words whose boxes overlap by more than `slack` pt.

    A table heading too wide for its fixed column runs into the next one's ("Environmental"
    into "Public"): on a page the two words' boxes then share ground.
    """
    found = []
    pages = _run("pdftotext", pdf, "-bbox").split("<page ")[1:]
    for number, page in enumerate(pages, start=1):
        boxes: list[tuple[list[float], str]] = []
        for word in page.split("<word ")[1:]:
            edges = [float(word.split(f'{edge}="', 1)[1].split('"', 1)[0]) for edge in _EDGES]
            boxes.append((edges, word.split(">", 1)[1].split("<", 1)[0]))
        for index, ((x0, y0, x1, y1), text) in enumerate(boxes):
            for (u0, v0, u1, v1), other in boxes[index + 1 :]:
                across = min(x1, u1) - max(x0, u0)
                down = min(y1, v1) - max(y0, v0)
                if across > slack and down > slack:
                    found.append((number, text, other))
    return found


_EDGES = ("xMin", "yMin", "xMax", "yMax")
