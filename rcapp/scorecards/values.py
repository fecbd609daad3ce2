"""Typed reading of plain file data: each reader records a problem at its key path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rcapp.scorecards.source import Loc


class ValueReader:
    """Read values of an answers file; problems pile up in `problems` as (loc, message)."""

    def __init__(self) -> None:
        self.problems: list[tuple[Loc, str]] = []

    def report(self, loc: Loc, message: str) -> None:
        self.problems.append((loc, message))

    def mapping(self, value: object, loc: Loc, what: str = "a mapping") -> dict[str, object]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.report(loc, f"must be {what}")
            return {}
        return {str(key): item for key, item in value.items()}

    def keys(self, data: dict[str, object], loc: Loc, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.report((*loc, key), f"unknown key '{key}' (use {', '.join(allowed)})")

    def text(self, value: object, loc: Loc) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        self.report(loc, "must be a text")
        return None

    def integer(self, value: object, loc: Loc, what: str = "a whole number") -> int | None:
        if isinstance(value, bool):
            self.report(loc, f"must be {what}, not yes/no")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
            return int(value)
        self.report(loc, f"must be {what}, not {_shown(value)}")
        return None

    def number(self, value: object, loc: Loc) -> Decimal | None:
        if isinstance(value, bool):
            self.report(loc, "must be a number, not yes/no")
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            return value
        self.report(loc, f"must be a number, not {_shown(value)}")
        return None

    def boolean(self, value: object, loc: Loc) -> bool | None:
        if isinstance(value, bool):
            return value
        self.report(loc, f"must be true or false, not {_shown(value)}")
        return None

    def date(self, value: object, loc: Loc) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.report(loc, f"bad date {_shown(value)}: use a real date as YYYY-MM-DD")
        return None

    def texts(self, value: object, loc: Loc) -> tuple[str, ...]:
        """Read one text or a list of texts (evidence notes and attachment names)."""
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        read = [self.text(item, (*loc, str(i))) for i, item in enumerate(values)]
        return tuple(text for text in read if text)


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return str(value)
