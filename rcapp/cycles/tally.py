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
    @property
    def late_allowed(self) -> bool: ...


Row = TypeVar("Row", bound=RowLike)


def status_keys(row: RowLike) -> list[str]:
    """Return the status filters (roster_rows.FILTERS) a row is counted under and listed by.

    Its status ("not_started", "draft", ...) and "all"; "open" while not submitted; "late":
    submitted late or not submitted after the own deadline, "overdue" the latter only
    (逾期未提交, the ones the secretariat can still act on), "submitted_late" the former.
    "extended": given an extension or allowed to submit late (已给予延期或允许逾期提交),
    whether submitted since or not; "extended_open" the ones of those still not submitted,
    the ones still working to their own day (the year page says both, "6 家，其中 2 家").
    The year page counts by these and the list filters by them: a count and its link agree.
    """
    keys = [str(row.status), "all"]
    if row.late:
        keys += ["late", "overdue" if row.is_open else "submitted_late"]
    if row.is_open:
        keys.append("open")
    if row.late_allowed:
        keys += ["extended", "extended_open"] if row.is_open else ["extended"]
    return keys


def counts(rows: Iterable[RowLike]) -> dict[str, int]:
    """Rows per status filter (status_keys): "not_started", "draft", ..., "late", "all"."""
    found: Counter[str] = Counter()
    for row in rows:
        found.update(status_keys(row))
    return dict(found)


def open_rows(rows: Iterable[Row]) -> list[Row]:
    """Keep the rows of organisations that have not submitted."""
    return [row for row in rows if row.is_open]
