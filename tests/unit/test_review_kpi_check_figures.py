"""The reviewer's "moved most" KPI table writes both years with the KPI's decimals (qa71).

"上年 5 | 本年 2.38" read as two kinds of figure (qa62 3); a KPI's decimals now come from its
definition (scoring.kpi_text), as on every page: a rate two, a count none.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pytest

from rcapp.reviews.pages import KpiCheck
from rcapp.rubrics.model import Kpi
from rcapp.scoring.kpi_text import COUNT_PLACES, RATE_PLACES


@pytest.mark.parametrize(
    ("before", "now", "places", "shown"),
    [
        ("5", "2.38", RATE_PLACES, ("5.00", "2.38")),
        ("2.38", "5", RATE_PLACES, ("2.38", "5.00")),
        ("0.13", "0.0034", RATE_PLACES, ("0.13", "0.0034")),  # each as the result page
        ("1620000", "1568000", COUNT_PLACES, ("1,620,000", "1,568,000")),
        (None, "2.5", RATE_PLACES, ("—", "2.50")),
        ("4", None, COUNT_PLACES, ("4", "—")),
    ],
)
def test_both_years_take_the_kpis_decimals(
    before: str | None, now: str | None, places: int, shown: tuple[str, str]
) -> None:
    check = KpiCheck(
        cast(Kpi, None),
        None if now is None else Decimal(now),
        None if before is None else Decimal(before),
        places=places,
    )
    assert check.figures == shown
