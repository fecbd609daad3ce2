"""No merge-conflict marker is left in the project's files.

One sat in static/css/app.css for a day, silently voiding the rule after it (the audit
table's width); CSS and templates have no parser in the checks to catch it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
CHECKED = ("rcapp", "templates", "static", "migrations", "rubrics", "docs", "tests")
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".yaml", ".md", ".po", ".pot", ".toml"}


def test_no_file_keeps_a_merge_conflict_marker() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for top in CHECKED
        for path in (ROOT / top).rglob("*")
        if path.suffix in SUFFIXES and path.is_file() and "node_modules" not in path.parts
        for text in [path.read_text(encoding="utf-8", errors="replace")]
        for m in MARKER.finditer(text)
    ]
    assert found == []
