"""What an own target may ask of its KPI: a share stays within 0-100 %, nothing goes below
zero, and the target never points the KPI's worse way (table-driven, pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.scoring.answer_rules import english, target_goal_rules

from .builders import text
from .kpi_builders import DRILLS, LTIF, kpi, kpi_rubric

D = Decimal
SHARE = kpi("REUSE", "drills / hours * 100", "higher", unit=text("%"))
RUBRIC = kpi_rubric(LTIF, DRILLS, SHARE)
KPIS = {k.id: k for k in RUBRIC.kpis}


@pytest.mark.parametrize(
    ("kpi_id", "base", "value", "change", "found"),
    [
        # lower is better (LTIF)
        ("LTIF", D("0.45"), D("0.5"), None, [("target_worse_lower", "value")]),
        ("LTIF", D("0.45"), D("0.45"), None, []),  # keep the base value
        ("LTIF", D("0.45"), D("0.4"), None, []),
        ("LTIF", None, D("0.5"), None, []),  # no base-year value: nothing to compare
        ("LTIF", D("0.45"), None, D(10), [("target_change_worse_lower", "change_pct")]),
        ("LTIF", None, None, D(10), [("target_change_worse_lower", "change_pct")]),
        ("LTIF", D("0.45"), None, D(-8), []),
        ("LTIF", D("0.45"), None, D(0), []),
        ("LTIF", D("0.45"), None, D(-120), [("target_change_below", "change_pct")]),
        ("LTIF", D("0.45"), D(-1), None, [("target_negative", "value")]),
        # higher is better (drills)
        ("DRILLS", D(4), D(3), None, [("target_worse_higher", "value")]),
        ("DRILLS", D(4), None, D(-5), [("target_change_worse_higher", "change_pct")]),
        ("DRILLS", D(4), None, D(50), []),
        # a share (unit %)
        ("REUSE", D(80), D(150), None, [("target_share_range", "value")]),
        ("REUSE", D(80), D(100), None, []),
        ("REUSE", None, D("100.5"), None, [("target_share_range", "value")]),
        ("REUSE", D(80), D(-5), None, [("target_negative", "value")]),
        ("REUSE", D(80), None, D(30), [("target_share_change", "change_pct")]),  # 104 %
        ("REUSE", D(80), None, D(25), []),  # exactly 100 %
    ],
)
def test_target_goal_rules(
    kpi_id: str,
    base: Decimal | None,
    value: Decimal | None,
    change: Decimal | None,
    found: list[tuple[str, str]],
) -> None:
    violations = target_goal_rules(KPIS[kpi_id], base, value, change)
    assert [(v.code, v.field) for v in violations] == found
    assert all(english(v) for v in violations)  # the command line can word each one


def test_a_share_change_names_the_goal_it_would_give() -> None:
    [violation] = target_goal_rules(KPIS["REUSE"], D(80), None, D(30))
    assert violation.params == {"value": D(104)}
