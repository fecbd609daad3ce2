"""The annual report's change against the base year comes from the unrounded pooled figures."""

from __future__ import annotations

from decimal import Decimal

from rcapp.reports.data_annual_report import change_pct
from rcapp.scoring import group_kpi
from tests.unit.scoring.kpi_builders import LTIF, kpi_rubric, year


def test_the_change_on_the_base_year_is_computed_from_unrounded_rates() -> None:
    # qa17 D5: 3 LTI in 1,990,000 h (1.51 shown) → 2 in 3,030,000 h (0.66 shown). The shown
    # figures give -56.3 %; the pooled rates themselves (1.5075 → 0.6601) -56.2 %.
    (ltif,) = kpi_rubric(LTIF).kpis[:1]
    base = group_kpi(ltif, [year(hours=1_990_000, lti=3)])
    now = group_kpi(ltif, [year(hours=3_030_000, lti=2)])
    assert (base.value, now.value) == (Decimal("1.51"), Decimal("0.66"))
    assert change_pct(base, now) == Decimal("-56.2")


def test_no_change_without_a_base_figure_or_from_a_zero_base() -> None:
    (ltif,) = kpi_rubric(LTIF).kpis[:1]
    zero = group_kpi(ltif, [year(hours=1_000_000, lti=0)])
    some = group_kpi(ltif, [year(hours=1_000_000, lti=1)])
    missing = group_kpi(ltif, [])
    assert change_pct(zero, some) is None
    assert change_pct(missing, some) is None
    assert change_pct(some, zero) == Decimal("-100.0")
