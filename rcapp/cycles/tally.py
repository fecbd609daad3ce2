"""Count a cycle's rows by status: shared by the cycle pages and the home pages.

The rows come from the package that owns the assessments (through `cycles.hooks`); all
this module needs of a row is its status, whether it is late and whether it is still open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol, TypeVar

# The columns the cycle's list of organisations sorts by.
SORT_KEYS = ("name", "status", "activity", "progress", "stars", "reminded")


class RowLike(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def late(self) -> bool: ...
    @property
    def is_open(self) -> bool: ...


Row = TypeVar("Row", bound=RowLike)


def counts(rows: Iterable[RowLike]) -> dict[str, int]:
    """Rows per status ("not_started", "draft", ...), plus "late", "overdue", "open", "all".

    "late": submitted late or not submitted after the own deadline; "overdue": the latter
    only (逾期未提交), the ones the secretariat can still act on.
    """
    found: Counter[str] = Counter()
    for row in rows:
        found[str(row.status)] += 1
        found["all"] += 1
        if row.late:
            found["late"] += 1
            if row.is_open:
                found["overdue"] += 1
        if row.is_open:
            found["open"] += 1
    return dict(found)


def open_rows(rows: Iterable[Row]) -> list[Row]:
    """Keep the rows of organisations that have not submitted."""
    return [row for row in rows if row.is_open]
