"""The phone keypad a number field asks for (fields.number_keys; qa44 D1, qa56 S3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.fields import number_keys


@pytest.mark.parametrize(
    ("lowest", "whole", "keys"),
    [
        (Decimal(0), False, "decimal"),  # a figure with decimals: the point is there
        (Decimal(0), True, "numeric"),  # a count: no point on the keypad
        (Decimal(1), True, "numeric"),
        (None, False, "text"),  # may be negative: the keypads have no minus
        (None, True, "text"),
        (Decimal(-5), True, "text"),
    ],
)
def test_number_keys(lowest: Decimal | None, whole: bool, keys: str) -> None:
    assert number_keys(lowest, whole=whole)["inputmode"] == keys
