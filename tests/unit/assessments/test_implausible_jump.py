"""qa14 S3: the tenfold rule of KPI figures, for amounts and for counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.assessments.validation import implausible_jump


@pytest.mark.parametrize(
    ("number", "last", "integer", "doubted"),
    [
        ("0", "1", True, False),  # 1 -> 0 events: good news, not a typo
        ("1", "0", True, False),  # nothing to compare with
        ("0", "2300000", False, False),  # either year 0: a ratio says nothing
        ("9", "1", True, False),  # small counts in both years
        ("1", "9", True, False),
        ("12", "1", True, True),  # a count leaving the small range tenfold
        ("4", "50", True, True),
        ("0.5", "6", False, True),  # amounts: small values are not counts
        ("230000", "2300000", False, False),  # exactly a tenth: not more than tenfold
        ("229999", "2300000", False, True),
        ("23000001", "2300000", False, True),
    ],
)
def test_the_tenfold_rule(number: str, last: str, integer: bool, doubted: bool) -> None:
    assert implausible_jump(Decimal(number), Decimal(last), integer) is doubted
