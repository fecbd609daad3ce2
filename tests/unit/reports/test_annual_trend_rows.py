"""A trend row's "no change" and decimals: one wording, one rule (reports4 items 4 and 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.reports.annual_model import TrendRow

D = Decimal


def _row(**fields: object) -> TrendRow:
    base: dict[str, object] = {
        "kpi_id": "OHS-03",
        "name": "LTIF",
        "unit": "起/百万工时",
        "values": (D("1.5"), D("1.2")),
        "change_pct": None,
        "improved": None,
        "counted": 3,
        "total": 3,
        "compared": True,
    }
    return TrendRow(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base", "now", "steady", "unchanged"),
    [
        (D(0), D(0), True, True),  # 0 → 0: no percentage
        (D(2), D(2), True, True),  # it read "0.0 %": the same 持平 now
        # rounded alike, moved (data_annual_report.is_steady: the unrounded figures decide)
        (D("0.17"), D("0.17"), False, False),
        (D(2), D(3), False, False),
        (None, None, False, False),  # not compared
    ],
)
def test_unchanged(
    base: Decimal | None, now: Decimal | None, steady: bool, unchanged: bool
) -> None:
    row = _row(same_base=base, same_now=now, steady=steady, compared=base is not None)
    assert row.unchanged is unchanged


@pytest.mark.parametrize(
    ("values", "decimals", "places"),
    [
        ((D("1.25"), D("1.2")), None, 2),  # the row alone: the most any year needs
        ((D("1.5"), D("1.2")), 2, 2),  # the workbook's rule for the KPI (AnnualData.places)
        ((D("1.25"), D("1.2")), 0, 0),  # decided for every year shown: not the row's again
    ],
)
def test_places(values: tuple[Decimal, ...], decimals: int | None, places: int) -> None:
    assert _row(values=values, decimals=decimals).places == places


@pytest.mark.parametrize(
    ("pair", "decimals", "places"),
    [
        ((D("0.17"), D("0.17")), 2, 2),  # the row's
        ((D("0.170"), D("0.178")), 2, 3),  # told apart (figures.told_apart): 0.170 → 0.178
        ((None, None), 1, 1),
    ],
)
def test_a_pair_told_apart_takes_the_row_with_it(
    pair: tuple[Decimal | None, Decimal | None], decimals: int, places: int
) -> None:
    # one precision a row: not "0.17 0.18 -2.2 % / 同口径 0.174 → 0.170" (QA61 D2)
    row = _row(same_base=pair[0], same_now=pair[1], decimals=decimals)
    assert row.places == places


def test_a_year_is_printed_from_its_unrounded_figure_at_the_rows_places() -> None:
    row = _row(
        values=(D("0.17"), D("0.18")),
        raws=(D("0.1741"), D("0.1762")),
        same_base=D("0.174"),
        same_now=D("0.170"),
        decimals=2,
    )
    assert (row.shown(0), row.shown(1)) == (D("0.174"), D("0.176"))
