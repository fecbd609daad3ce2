"""A cycle's values held column by column give the very figures and texts member by member did.

Property-based: members of two rubrics (same KPI ids, other formulas) with missing
inputs, zeros and N/A sections; groups in any order; the column-wise values, stored
texts and group statistics compared with `stats.member_values`, `member_figures.encoder`
and `stats.group_statistics`, Decimal exponents included.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from rcapp.benchmarks import columns
from rcapp.benchmarks.member_figures import FigureTexts, column_rounding, encoder
from rcapp.benchmarks.stats import Member, MetricStats, group_statistics, member_values
from rcapp.rubrics.model import Kpi
from tests.unit.scoring.kpi_builders import kpi, kpi_rubric

D = Decimal
NAMES = ("hours", "lti", "drills", "ghg", "output")
FIRST = kpi_rubric(
    kpi("LTIF", "lti / hours", bases=["per_1m_hours", "per_200k_hours"]),
    kpi("DRILLS", "drills", "higher", aggregation="sum"),
    kpi("GHG", "ghg + output * 2", aggregation="sum"),
    kpi("INTENSITY", "ghg / output * 100"),
    kpi("GHG-IX", "ghg / output", aggregation="index", core=False),
    kpi("NEG", "-(drills - lti)", aggregation="sum", core=False),
).kpis
SECOND = kpi_rubric(
    kpi("LTIF", "lti / (hours + drills)", bases=["per_200k_hours"]),
    kpi("DRILLS", "drills * 2", "higher", aggregation="sum"),
).kpis
DIALECTS = (
    create_engine("sqlite://").dialect,
    create_engine("postgresql+psycopg://").dialect,  # not connected
)

numbers = st.one_of(
    st.just(D(0)),
    st.integers(0, 5000).map(D),
    st.decimals(min_value=0, max_value=10**7, places=6, allow_nan=False),
    st.decimals(min_value=0, max_value=1, places=2, allow_nan=False),
)
inputs = st.dictionaries(st.sampled_from(NAMES), numbers)
scores = st.one_of(st.none(), st.integers(0, 1000).map(lambda n: D(n) / 10))
sections = st.dictionaries(st.sampled_from(("MS", "C1", "C6")), scores)
members = st.lists(st.tuples(sections, inputs, st.booleans()), min_size=1, max_size=30)


def _shown(stats: dict[str, MetricStats]) -> dict[str, tuple[object, ...]]:
    """Statistics as stored text: equal Decimals of other exponents are told apart."""
    return {
        metric: (
            one.members,
            str(one.first_quartile),
            str(one.median),
            str(one.third_quartile),
            str(one.pooled),
            str(one.pooled_200k),
        )
        for metric, one in stats.items()
    }


def _cycle(
    drawn: Sequence[tuple[dict[str, D | None], dict[str, D], bool]],
) -> list[tuple[Member, Sequence[Kpi]]]:
    return [
        (Member(100 + i, own_sections, own_inputs), SECOND if second else FIRST)
        for i, (own_sections, own_inputs, second) in enumerate(drawn)
    ]


@settings(max_examples=300, deadline=None)
@given(members, st.randoms(use_true_random=False), st.integers(1, 5))
def test_column_values_give_the_member_by_member_texts_and_statistics(
    drawn: list[tuple[dict[str, D | None], dict[str, D], bool]], rng: object, min_size: int
) -> None:
    cycle = _cycle(drawn)
    values = columns.cycle_values(cycle)
    for dialect in DIALECTS:
        rounding = column_rounding(dialect)
        encode = encoder(rounding)
        expected: dict[int, str] | None = {}
        try:
            for member, kpis in cycle:
                own = member_values(member, kpis)
                if own and expected is not None:
                    expected[member.organisation_id] = encode(own)
        except ArithmeticError:  # a value the column refuses (10^14 and up): refused alike
            expected = None
        if expected is None:
            with pytest.raises(ArithmeticError):
                columns.encoded(values, FigureTexts(rounding))
        else:
            texts = columns.encoded(values, FigureTexts(rounding))
            assert list(texts.items()) == list(expected.items())  # in the members' order
    for rubric in (FIRST, SECOND):
        cohort = [p for p, (_, kpis) in enumerate(cycle) if kpis is rubric]
        rng.shuffle(cohort)  # type: ignore[attr-defined]  # a group lists members in any order
        for group in (cohort, cohort[: len(cohort) // 2], cohort[::2]):
            found = columns.group_statistics(values, group, min_size)
            plain = group_statistics([cycle[p][0] for p in group], rubric, min_size)
            assert _shown(found) == _shown(plain)


def test_a_member_of_every_kind_of_value_reads_back_in_the_member_by_member_order() -> None:
    cycle = _cycle(
        [
            ({"MS": D("80.5"), "C6": None}, {"lti": D(2), "hours": D(1_000_000)}, False),
            ({"C1": None}, {}, True),  # nothing at all: no text
            ({"C1": D(0)}, {"drills": D(0), "lti": D(0), "hours": D(0)}, True),
        ]
    )
    values = columns.cycle_values(cycle)
    assert values.of(0) == list(member_values(*cycle[0]).items())
    assert values.of(0)[:2] == [("section:MS", D("80.5")), ("kpi:LTIF", D(2))]
    assert values.of(1) == []
    # A zero divisor leaves the KPI out; a zero value is kept.
    assert values.of(2) == [("section:C1", D(0)), ("kpi:DRILLS", D(0))]
    texts = columns.encoded(values, FigureTexts(column_rounding(DIALECTS[1])))
    assert texts == {
        100: '{"section:MS":"80.500000","kpi:LTIF":"2.000000"}',
        102: '{"section:C1":"0.000000","kpi:DRILLS":"0.000000"}',
    }
