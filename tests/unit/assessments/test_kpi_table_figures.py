"""The KPI page's computed rates: shown as KPI figures, changes from unrounded values (qa16).

D1: one KPI showed -51.7 % per million hours and -50.0 % per 200,000 hours, both worked out
from two-decimal values; the raw figures give -51.1 % for both. D2: an ammonia-N intensity
of 0.0034 kg/t showed as 0.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.assessments.kpi_table import RateRow, change_text


def _row(last: str | None, this: str | None) -> RateRow:
    return RateRow(
        kpi_id="K",
        name="k",
        unit="u",
        formula="a / b",
        multiplier=Decimal(1),
        last_year=None if last is None else Decimal(last),
        this_year=None if this is None else Decimal(this),
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.00338709677", "0.0034"),
        ("0.000709677", "0.00071"),
        ("0.434782608", "0.43"),
        ("3", "3"),
        ("12.345", "12.35"),
    ],
)
def test_a_rate_shows_as_a_kpi_figure(value: str, shown: str) -> None:
    assert str(_row(None, value).this_shown) == shown


@pytest.mark.parametrize(
    ("per_million", "per_200k"),
    [
        # 2 LTI in 2,250,000 h, then 1 in 2,300,000 h, in both bases.
        (("0.888888888888", "0.434782608695"), ("0.177777777777", "0.086956521739")),
    ],
)
def test_the_change_of_one_kpi_is_one_percentage_in_every_basis(
    per_million: tuple[str, str], per_200k: tuple[str, str]
) -> None:
    million = change_text(Decimal(per_million[1]), Decimal(per_million[0]), places=2)
    two_hundred = change_text(Decimal(per_200k[1]), Decimal(per_200k[0]), places=2)
    # the percentage rounds as a KPI figure, as the result page's KPI ladder says the same
    # change (qa40 S5: "-51.1 %" here, "51.09%" there)
    assert million == "-0.45 (-51.09 %)"
    assert two_hundred == "-0.091 (-51.09 %)"


def test_a_small_change_keeps_its_digits_and_no_change_reads_0() -> None:
    assert change_text(Decimal("0.0034"), Decimal("0.0040"), places=2) == "-0.0006 (-15 %)"
    assert change_text(Decimal("0.5"), Decimal("0.5"), places=2) == "0.00"  # as 0.50, 0.50
    assert change_text(None, Decimal("1"), places=2) == "—"
