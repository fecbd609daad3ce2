"""The cap a short run of core KPI reporting puts on this year's stars (qa50 #7)."""

from __future__ import annotations

import pytest

from rcapp.scoring.history_cap import HistoryCap, history_cap
from tests.unit.scoring.builders import band, build_rubric, element, maturity, section


def _reported(years: int) -> dict[str, object]:
    return {"type": "kpis_reported", "years": years}


SECTIONS = [section("S", element("S.E", maturity("S.E.1")))]
RUBRIC = build_rubric(
    SECTIONS,
    [band(1, 40, _reported(1)), band(2, 60, _reported(2)), band(3, 80, _reported(3))],
)


@pytest.mark.parametrize(
    ("years_before", "cap"),
    [
        (0, HistoryCap(stars=1, required=2, years=1)),  # a first year: 1 star at most
        (1, HistoryCap(stars=2, required=3, years=2)),
        (2, None),
        (7, None),
    ],
)
def test_the_lowest_band_out_of_reach_sets_the_cap(
    years_before: int, cap: HistoryCap | None
) -> None:
    assert history_cap(RUBRIC, years_before) == cap


def test_a_rubric_without_the_condition_has_no_cap() -> None:
    plain = build_rubric(SECTIONS, [band(1, 40), band(2, 60)])
    assert history_cap(plain, 0) is None
