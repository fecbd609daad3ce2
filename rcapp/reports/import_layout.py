"""Check each sheet's header row against the template's: columns are read by their letter.

A column moved, inserted or deleted in Excel shifts what every letter holds: levels would be
read as comments and comments as levels (qa34 D1), so a sheet whose headers differ is
refused whole, with one message naming the first column that differs.

Columns are checked, not matched by their headers: the letters are what every message, the
drop-downs and the locked cells of the template go by, and a header a user retitled would
otherwise silently decide where a value goes. Refusing costs the user one undo in Excel.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import force_locale

from rcapp.reports.data_template import labels
from rcapp.reports.template_model import HEADER_ROW, RESIDENT_COLUMNS, columns_of
from rcapp.reports.template_read import FileProblem, ParsedTemplate

# Headers of templates downloaded before a column was renamed: they still read.
# headers templates downloaded earlier carry (a column renamed, not moved)
FORMER_HEADERS = {
    "injuries": ("受伤人数", "Injuries"),
    "is_resolved": ("已整改", "Corrected"),
}
# Columns a sheet may lack: a company's 事件 sheet, or a park's downloaded before them, ends
# before 发生单位 or before the unregistered resident's two (a blank header moves nothing).
OPTIONAL_COLUMNS = frozenset(RESIDENT_COLUMNS)


def _loose(text: str) -> str:
    """Compare headers loosely: case, spaces and line breaks do not count ("Level/value")."""
    return "".join(text.split()).casefold()


def _headers() -> dict[str, tuple[str, set[str]]]:
    """Column name → (its header in the page's language, its headers in either language)."""
    shown = labels()
    known: dict[str, set[str]] = {}
    for locale in ("zh_CN", "en"):
        with force_locale(locale):
            for key, text in labels().items():
                if key.startswith("col_"):
                    known.setdefault(key[4:], set()).add(_loose(text))
    for name, former in FORMER_HEADERS.items():
        known[name].update(_loose(text) for text in former)
    return {name: (shown[f"col_{name}"], words) for name, words in known.items()}


def layout_problems(parsed: ParsedTemplate) -> dict[str, FileProblem]:
    """Return, by sheet key, the first column whose header is not the template's."""
    headers = _headers()
    found: dict[str, FileProblem] = {}
    for sheet_key, (title, row) in parsed.headers.items():
        for index, name in enumerate(columns_of(sheet_key)):
            typed = _loose(row[index]) if index < len(row) else ""
            expected, accepted = headers[name]
            if typed in accepted or (not typed and name in OPTIONAL_COLUMNS):
                continue
            params: Mapping[str, str] = {
                "column": chr(ord("A") + index),
                "expected": expected,
                "found": " ".join(row[index].split()) if index < len(row) else "",
            }
            code = "header_moved" if typed else "header_blank"
            found[sheet_key] = FileProblem(code, title, HEADER_ROW, "", params)
            break
    return found
