"""Typed reading of plain file data: each reader records a problem at its key path.

Numbers are refused when they are not finite, too large for the engine's decimal
arithmetic (|x| ≥ 10^15) or so small they can only be a unit mistake (0 < |x| < 10^-9);
years outside 1990-2100 are refused; a text of blanks or invisible characters is refused
rather than read as something written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from rcapp.rubrics.blank import is_blank
from rcapp.scorecards.source import Loc

MAX_NUMBER = Decimal("1e15")
MIN_NONZERO = Decimal("1e-9")
FIRST_YEAR, LAST_YEAR = 1990, 2100


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
        """Read a text; "" stays "", but blanks or invisible characters only are refused."""
        if isinstance(value, str):
            if value and is_blank(value):
                self.report(
                    loc, "is only blanks or invisible characters: write the text or leave it out"
                )
                return None
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
            number = Decimal(value)
        elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
            number = value
        else:
            self.report(loc, f"must be {what}, not {_shown(value)}")
            return None
        if abs(number) >= MAX_NUMBER:
            self.report(loc, f"{value} is too large (at most {MAX_NUMBER:,.0f})")
            return None
        return int(number)

    def year(self, value: object, loc: Loc) -> int | None:
        year = self.integer(value, loc, "a year")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            self.report(loc, f"{year} is not a plausible year ({FIRST_YEAR}-{LAST_YEAR})")
            return None
        return year

    def number(self, value: object, loc: Loc) -> Decimal | None:
        if isinstance(value, bool):
            self.report(loc, "must be a number, not yes/no")
            return None
        if isinstance(value, int):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            self.report(loc, f"must be a number, not {_shown(value)}")
            return None
        if not value.is_finite():
            self.report(loc, f"{value} is not a number: write a finite number")
            return None
        if abs(value) >= MAX_NUMBER:
            self.report(loc, f"{value} is too large (at most {MAX_NUMBER:,.0f}): check the unit")
            return None
        if value and abs(value) < MIN_NONZERO:
            self.report(
                loc, f"{value} is too small to be a real figure: check the unit, or write 0"
            )
            return None
        return value

    def boolean(self, value: object, loc: Loc) -> bool | None:
        if isinstance(value, bool):
            return value
        self.report(loc, f"must be true or false, not {_shown(value)}")
        return None

    def date(self, value: object, loc: Loc) -> dt.date | None:
        day = None
        if isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                day = dt.date.fromisoformat(value)
        if day is None:
            self.report(loc, f"bad date {_shown(value)}: use a real date as YYYY-MM-DD")
        elif not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.report(
                loc, f"{day.isoformat()} is not a plausible date ({FIRST_YEAR}-{LAST_YEAR})"
            )
            day = None
        return day

    def texts(self, value: object, loc: Loc) -> tuple[str, ...]:
        """Read one text or a list of texts (evidence notes and attachment names)."""
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        where = [(*loc, str(i)) if isinstance(value, list) else loc for i in range(len(values))]
        read = []
        for item, item_loc in zip(values, where, strict=True):
            if isinstance(item, str) and is_blank(item):
                self.report(item_loc, "is empty or only blanks: evidence must say something")
                continue
            read.append(self.text(item, item_loc))
        return tuple(text for text in read if text)


def _shown(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return str(value)
