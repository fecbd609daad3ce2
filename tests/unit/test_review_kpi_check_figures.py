"""The reviewer's "moved most" KPI table writes both years at one precision (qa62 3).

"上年 5 | 本年 2.38" read as two kinds of figure; the row takes the decimals its figures
need, as the reports' rows do (figures.row_texts), with thousands separators.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pytest

from rcapp.reviews.pages import KpiCheck
from rcapp.rubrics.model import Kpi


@pytest.mark.parametrize(
    ("before", "now", "shown"),
    [
        ("5", "2.38", ("5.00", "2.38")),
        ("2.38", "5", ("2.38", "5.00")),
        ("0.13", "0.0034", ("0.1300", "0.0034")),
        ("1620000", "1568000", ("1,620,000", "1,568,000")),
        (None, "2.5", ("—", "2.5")),
        ("4", None, ("4", "—")),
    ],
)
def test_both_years_share_the_rows_decimals(
    before: str | None, now: str | None, shown: tuple[str, str]
) -> None:
    check = KpiCheck(
        cast(Kpi, None),
        None if now is None else Decimal(now),
        None if before is None else Decimal(before),
    )
    assert check.figures == shown
