"""The cap a short run of core KPI reporting puts on this year's stars (qa50 #7), and the
earlier years still offered for backfill (补录) that lift it this year (backfillcap #1, #3).
"""

from __future__ import annotations

import pytest

from rcapp.scoring.history_cap import HistoryCap, fillable_years, history_cap
from tests.unit.scoring.builders import band, build_rubric, element, maturity, section


def _reported(years: int) -> dict[str, object]:
    return {"type": "kpis_reported", "years": years}


SECTIONS = [section("S", element("S.E", maturity("S.E.1")))]
RUBRIC = build_rubric(
    SECTIONS,
    [band(1, 40, _reported(1)), band(2, 60, _reported(2)), band(3, 80, _reported(3))],
)


@pytest.mark.parametrize(
    ("reported", "cap"),
    [
        ((), HistoryCap(stars=1, required=2, years=1)),  # a first year: 1 star at most
        ((2024,), HistoryCap(stars=2, required=3, years=2)),
        ((2023,), HistoryCap(stars=1, required=2, years=1)),  # a gap breaks the run
        ((2023, 2024), None),
        ((2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024), None),
    ],
)
def test_the_lowest_band_out_of_reach_sets_the_cap(
    reported: tuple[int, ...], cap: HistoryCap | None
) -> None:
    assert history_cap(RUBRIC, 2025, reported) == cap


@pytest.mark.parametrize(
    ("reported", "offered", "cap"),
    [
        # nothing filled yet: both years lift the cap
        ((), (2023, 2024), HistoryCap(1, 2, 1, to_fill=(2023, 2024), stars_after=None)),
        # 2024 filled in full: 2023 still offered, so 3 stars is not "out of reach this year"
        ((2024,), (2023, 2024), HistoryCap(2, 3, 2, to_fill=(2023,), stars_after=None)),
        # only 2024 may be filled (2023 had an assessment without every core KPI): 2 stars
        ((), (2024,), HistoryCap(1, 2, 1, to_fill=(2024,), stars_after=2)),
        # 2023 offered but 2024 not (its own assessment reported nothing): no way up
        ((), (2023,), HistoryCap(1, 2, 1)),
    ],
)
def test_years_still_offered_for_backfill_are_named_as_the_way_up(
    reported: tuple[int, ...], offered: tuple[int, ...], cap: HistoryCap
) -> None:
    assert history_cap(RUBRIC, 2025, reported, offered) == cap


def test_only_the_years_that_lift_the_cap_are_asked_for() -> None:
    two_years = build_rubric(SECTIONS, [band(1, 40, _reported(1)), band(2, 60, _reported(2))])
    cap = history_cap(two_years, 2025, (), (2023, 2024))
    assert cap == HistoryCap(1, 2, 1, to_fill=(2024,), stars_after=None)


def test_a_rubric_without_the_condition_has_no_cap() -> None:
    plain = build_rubric(SECTIONS, [band(1, 40), band(2, 60)])
    assert history_cap(plain, 2025, (), (2023, 2024)) is None


@pytest.mark.parametrize(
    ("reported", "offered", "fillable"),
    [((), (2023, 2024), 2), ((2024,), (2023, 2024), 1), ((), (2023,), 0), ((2024,), (), 0)],
)
def test_the_years_backfill_may_add_to_the_run(
    reported: tuple[int, ...], offered: tuple[int, ...], fillable: int
) -> None:
    assert fillable_years(2025, reported, offered) == fillable
