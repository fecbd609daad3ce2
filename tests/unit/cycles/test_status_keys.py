"""One rule for the year page's status counts and the list's status filter (tally.status_keys)."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from rcapp.cycles.tally import counts, status_keys


class Row(NamedTuple):
    status: str
    late: bool
    late_allowed: bool = False

    @property
    def is_open(self) -> bool:
        return self.status != "submitted"


@pytest.mark.parametrize(
    ("row", "keys"),
    [
        (Row("draft", False), {"draft", "all", "open"}),
        (Row("draft", True), {"draft", "all", "open", "late", "overdue"}),
        (Row("submitted", True), {"submitted", "all", "late", "submitted_late"}),
        (Row("submitted", False), {"submitted", "all"}),
        (Row("not_started", True), {"not_started", "all", "open", "late", "overdue"}),
        # given an extension: counted as such, and as still to submit only while not submitted
        (Row("draft", False, True), {"draft", "all", "open", "extended", "extended_open"}),
        (Row("submitted", False, True), {"submitted", "all", "extended"}),
        (
            Row("returned", True, True),
            {"returned", "all", "open", "late", "overdue", "extended", "extended_open"},
        ),
    ],
)
def test_a_row_is_listed_under_the_keys_it_is_counted_under(row: Row, keys: set[str]) -> None:
    assert set(status_keys(row)) == keys
    assert {key for key, n in counts([row]).items() if n} == keys


def test_late_is_overdue_plus_submitted_late() -> None:
    rows = [Row("draft", True), Row("submitted", True), Row("returned", True), Row("draft", False)]
    found = counts(rows)
    assert found["late"] == found["overdue"] + found["submitted_late"] == 3
