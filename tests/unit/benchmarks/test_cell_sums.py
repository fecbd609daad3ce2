"""Group sums added up cell by cell are the member-by-member sums, or None, never another Decimal.

Property-based: members with missing inputs, negative values, zeros of both signs, other
exponents and values too long for the 34-digit context; groups overlapping, in any
order, a member twice. Compared as stored text and digit tuples (exponent and sign).
"""

from __future__ import annotations

import functools
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.benchmarks.cell_sums import CellSums
from rcapp.scoring import InputTotals
from rcapp.scoring.rounding import ARITHMETIC
from tests.unit.scoring.kpi_builders import kpi, kpi_rubric

D = Decimal
NAMES = ("hours", "lti", "ghg")

values = st.one_of(
    st.sampled_from((D(0), D("-0"), D("0.000"), D("-0.00"), D("1E+3"), D("1E-40"))),
    st.integers(0, 5000).map(D),
    st.decimals(min_value=0, max_value=10**7, places=6, allow_nan=False),
    st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False),
    st.integers(10**39, 10**40).map(D),  # rounds in 34 digits
)
members = st.lists(
    st.dictionaries(st.sampled_from(NAMES), values, min_size=2), min_size=1, max_size=25
)


def _member_by_member(inputs: list[dict[str, Decimal]], name: str) -> Decimal:
    with localcontext(ARITHMETIC):
        return sum((m[name] for m in inputs), Decimal(0))


def _same(a: Decimal, b: Decimal) -> bool:
    return str(a) == str(b) and a.as_tuple() == b.as_tuple()


@settings(max_examples=300, deadline=None)
@given(members, st.data())
def test_cell_sums_are_the_member_by_member_sums_or_none(
    inputs: list[dict[str, Decimal]], data: st.DataObject
) -> None:
    positions = st.lists(st.integers(0, len(inputs) - 1), min_size=1, max_size=30)
    groups = data.draw(st.lists(positions, min_size=1, max_size=6))
    sums = CellSums(inputs, groups)
    grouped = {p for group in groups for p in group}
    for name in NAMES:
        for index, group in enumerate(groups):
            found = sums.total(index, name)
            members_of = [inputs[p] for p in group]
            if all(name in inputs[p] for p in grouped):
                expected = _member_by_member(members_of, name)
                assert found is None or _same(found, expected), (found, expected)
            else:  # a member of some group lacks it: never guessed
                assert found is None


def test_plain_inputs_are_summed_by_cells() -> None:
    inputs = [{"hours": D("1000.000000"), "lti": D(n)} for n in range(12)]
    groups = [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], [11, 9, 7, 5, 3, 1], list(range(12))]
    sums = CellSums(inputs, groups)
    for index, group in enumerate(groups):
        for name in ("hours", "lti"):
            found = sums.total(index, name)
            assert found is not None
            assert _same(found, _member_by_member([inputs[p] for p in group], name))


def test_a_negative_a_missing_or_a_rounded_input_is_added_member_by_member() -> None:
    inputs = [{"a": D(1), "b": D(1), "c": D(10) ** 40}, {"a": D(-1), "c": D(1)}]
    sums = CellSums(inputs, [[0, 1]])
    assert sums.total(0, "a") is None  # negative
    assert sums.total(0, "b") is None  # not reported by all
    assert sums.total(0, "c") is None  # rounds in 34 digits


def test_input_totals_with_cell_sums_give_the_same_pooled_inputs() -> None:
    (ltif,) = kpi_rubric(kpi("LTIF", "lti / hours")).kpis
    inputs = [{"hours": D(f"{n}7.25"), "lti": D(n % 3)} for n in range(1, 40)]
    groups = [list(range(0, 39, 2)), list(range(38, -1, -3)), list(range(39))]
    sums = CellSums(inputs, groups)
    for index, group in enumerate(groups):
        members_of = [inputs[p] for p in group]
        plain = InputTotals(members_of, {"hours", "lti"}).pooled_inputs(ltif)
        whole = functools.partial(sums.total, index)
        known = InputTotals(members_of, {"hours", "lti"}, whole=whole).pooled_inputs(ltif)
        assert known[1] == plain[1]
        assert {k: v.as_tuple() for k, v in known[0].items()} == {
            k: v.as_tuple() for k, v in plain[0].items()
        }
