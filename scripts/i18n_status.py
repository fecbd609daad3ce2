"""Print the msgids of the English catalogue that have no translation yet (exit 1 if any)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "rcapp/translations/en/LC_MESSAGES/messages.po"


def _filled(string: str | tuple[str, ...] | list[str] | None) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def main() -> int:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    # A plural message's string is a tuple: every form must be filled.
    missing = [m.id for m in catalog if m.id and (not _filled(m.string) or m.fuzzy)]
    for msgid in missing:
        print(msgid if isinstance(msgid, str) else msgid[0])
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
