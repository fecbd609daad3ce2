from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.rubrics.model import Kpi
from rcapp.scoring import InputTotals, group_kpi, group_stats, median, percentile, quartiles
from rcapp.scoring.groups import missing_inputs, pooled_inputs

from .kpi_builders import kpi

D = Decimal
TRIR = Kpi.model_validate(kpi("TRIR", "lti / hours", bases=["per_200k_hours", "per_1m_hours"]))


def test_rates_are_pooled_not_averaged() -> None:
    # GPCA's example: companies at 0.80 and 0.20 per 200,000 h pool to 0.40, not 0.50.
    members = [{"lti": D(4), "hours": D(1_000_000)}, {"lti": D(2), "hours": D(2_000_000)}]
    singles = [group_kpi(TRIR, [m]).value for m in members]
    assert singles == [D("0.80"), D("0.20")]
    pooled = group_kpi(TRIR, members)
    assert pooled.value == D("0.40")
    assert [(b.basis.value, b.value) for b in pooled.by_basis] == [
        ("per_200k_hours", D("0.40")),
        ("per_1m_hours", D(2)),
    ]
    assert sum((v for v in singles if v is not None), D(0)) / 2 == D("0.50")


def test_members_missing_an_input_are_left_out_and_counted() -> None:
    members = [{"lti": D(4), "hours": D(1_000_000)}, {"hours": D(5_000_000)}]
    pooled = group_kpi(TRIR, members)
    assert pooled.value == D("0.80")
    assert (pooled.members_counted, pooled.members_total) == (1, 2)


def test_input_totals_shared_by_kpis_are_the_sums_each_kpi_makes() -> None:
    ghg = Kpi.model_validate(kpi("GHG", "ghg / hours"))
    both = Kpi.model_validate(kpi("LG", "(lti + ghg) / hours"))
    members = [
        {"lti": D(4), "hours": D("1000000.5"), "ghg": D("0.1")},
        {"hours": D(5_000_000), "ghg": D("2.25")},
        {"lti": D(1), "hours": D(3)},
        {"lti": D(2), "ghg": D(7)},
    ]
    # Told every input the KPIs need, or only some (the others found member by member).
    for names in (None, {"lti", "hours", "ghg"}, {"lti", "hours", "ghg", "other"}, {"hours"}):
        lacking = None if names is None else [missing_inputs(frozenset(names), m) for m in members]
        for totals in (InputTotals(members, names), InputTotals(members, names, lacking)):
            for one in (TRIR, ghg, both, TRIR):
                assert totals.pooled_inputs(one) == pooled_inputs(one, members)
                assert group_kpi(one, members, totals=totals) == group_kpi(one, members)
        assert InputTotals([], names).pooled_inputs(TRIR) == pooled_inputs(TRIR, [])
    assert missing_inputs(frozenset({"lti", "ghg"}), members[2]) == {"ghg"}
    complete = [m for m in members if {"lti", "hours"} <= m.keys()]
    assert InputTotals(complete, {"lti", "hours"}).pooled_inputs(TRIR) == (
        {"lti": D(5), "hours": D("1000003.5")},
        2,
    )


def test_sum_aggregation_adds_values() -> None:
    drills = Kpi.model_validate(kpi("D", "drills", "higher", aggregation="sum"))
    result = group_kpi(drills, [{"drills": D(2)}, {"drills": D(3)}, {}])
    assert result.value == D(5)
    assert (result.members_counted, result.members_total) == (2, 3)


def test_mean_aggregation_averages_scores_and_is_no_index() -> None:
    # rc-park's safety-risk score (aggregation: mean): parks at 78 and 90 average 84. It was
    # taken for an index and the annual report printed 105.41 "points" for one park at 78.
    risk = Kpi.model_validate(kpi("SR", "risk_score", "higher", aggregation="mean"))
    result = group_kpi(risk, [{"risk_score": D(78)}, {"risk_score": D(90)}, {}])
    assert result.value == D(84)
    assert (result.members_counted, result.members_total) == (2, 3)
    assert group_kpi(risk, [{"risk_score": D(78)}], [{"risk_score": D(74)}]).value == D(78)
    assert group_kpi(risk, [{"risk_score": D(77)}, {"risk_score": D(80)}]).value == D("78.50")


def test_index_is_the_pooled_value_against_the_pooled_base_year() -> None:
    index = Kpi.model_validate(kpi("IX", "ghg / output", aggregation="index"))
    base = [{"ghg": D(100), "output": D(50)}, {"ghg": D(300), "output": D(150)}]  # 2 t/t
    now = [{"ghg": D(90), "output": D(50)}, {"ghg": D(270), "output": D(150)}]  # 1.8 t/t
    assert group_kpi(index, now, base).value == D(90)
    assert group_kpi(index, now, []).value is None


def test_a_group_with_nothing_pooled_has_no_value() -> None:
    assert group_kpi(TRIR, []).value is None
    assert group_kpi(TRIR, [{"lti": D(0), "hours": D(0)}]).value is None


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([D(1)], 50, D(1)),
        ([D(1), D(2)], 50, D("1.5")),
        ([D(1), D(2), D(3), D(4)], 25, D("1.75")),
        ([D(1), D(2), D(3), D(4)], 75, D("3.25")),
        ([D(4), D(1), D(3), D(2)], 0, D(1)),
        ([D(4), D(1), D(3), D(2)], 100, D(4)),
    ],
)
def test_percentile_interpolates_linearly(
    values: list[Decimal], pct: int, expected: Decimal
) -> None:
    assert percentile(values, pct) == expected


def test_median_quartiles_and_group_stats() -> None:
    values = [D(v) for v in ("0.2", "0.8", "0.5", "1.1", "0.4")]
    assert median(values) == D("0.5")
    assert quartiles(values) == (D("0.4"), D("0.5"), D("0.8"))
    stats = group_stats(values)
    assert (stats.first_quartile, stats.median, stats.third_quartile) == quartiles(values)


def test_percentile_refuses_no_values_and_bad_percentages() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="outside"):
        percentile([D(1)], 101)
