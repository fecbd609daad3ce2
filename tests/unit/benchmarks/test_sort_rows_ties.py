"""Sorting the lead's comparison table by stars reorders it (qa72 m10).

Equal stars were kept in the order the rows came in, so ascending and descending looked the
same. Now equal values are in name order in both directions and members without a value
("—") are last in both.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import pytest

from rcapp.benchmarks.pages import MemberRow, sort_rows


def _row(name: str, stars: int | None, final: int | None) -> MemberRow:
    assessment = None if stars is None else SimpleNamespace(stars=stars, overall_score=Decimal(1))
    row: Any = SimpleNamespace(
        organisation=SimpleNamespace(name_sort=name, name_zh=name),
        assessment=assessment,
        self_rated=True,
        final_stars=final,
        final_rated=True,
        values={},
    )
    return cast(MemberRow, row)


# come in neither name nor star order
ROWS = [_row("d", 3, None), _row("b", None, None), _row("c", 3, 2), _row("a", 2, 3)]


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        ("stars", False, "acdb"),
        ("stars", True, "cdab"),
        ("final", False, "cabd"),
        ("final", True, "acbd"),
        ("name", False, "abcd"),
        ("name", True, "dcba"),
    ],
)
def test_equal_values_in_name_order_and_no_value_last_both_ways(
    key: str, descending: bool, expected: str
) -> None:
    got = sort_rows(ROWS, key, descending)
    assert "".join(r.organisation.name_sort for r in got) == expected
