"""KPI figures computed once (compiled formulas, bulk figures, the ladder's reuse) equal
the plain evaluation: property-based against a tree-walking reference written here."""

from __future__ import annotations

import ast
from decimal import Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Kpi
from rcapp.scoring import GroupStats
from rcapp.scoring.kpi_figures import figures_of_many, kpi_figure_of
from rcapp.scoring.kpis import basis_values, kpi_levels, kpi_value, primary
from rcapp.scoring.rounding import ARITHMETIC, kpi_figure
from rcapp.scoring.scorecard import KpiStatus

from .kpi_builders import kpi, kpi_rubric

D = Decimal
NAMES = ("hours", "lti", "drills")


def _reference(node: ast.expr, values: dict[str, Decimal]) -> Decimal:
    """Evaluate a parsed formula by walking its tree (what Formula.evaluate did before)."""
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp):
        operand = _reference(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    assert isinstance(node, ast.BinOp)
    left, right = _reference(node.left, values), _reference(node.right, values)
    operations = {ast.Add: left.__add__, ast.Sub: left.__sub__, ast.Mult: left.__mul__}
    return operations.get(type(node.op), left.__truediv__)(right)


def _expected(text: str, values: dict[str, Decimal]) -> Decimal | None:
    with localcontext(ARITHMETIC):
        try:
            return _reference(parse_formula(text).tree, values)
        except (KeyError, ArithmeticError):
            return None


formulas = st.recursive(
    st.sampled_from(NAMES) | st.sampled_from(("2", "0.5", "100", "3")),
    lambda inner: (
        st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        | inner.map(lambda t: f"-{t}")
        | inner.map(lambda t: f"+{t}")
    ),
    max_leaves=6,
)
numbers = st.one_of(
    st.just(D(0)),
    st.integers(-1000, 10**7).map(D),
    st.decimals(min_value=-1000, max_value=10**6, places=6, allow_nan=False),
)
inputs = st.dictionaries(st.sampled_from(NAMES), numbers)
bases = st.sampled_from(([], ["per_1m_hours"], ["per_1m_hours", "per_200k_hours"]))


def _kpi(formula: str, basis: list[str], kpi_id: str = "K") -> Kpi:
    rubric = kpi_rubric(kpi(kpi_id, formula, bases=basis))
    return rubric.kpis[0]


@settings(max_examples=300, deadline=None)
@given(formulas, inputs)
def test_a_compiled_formula_gives_the_tree_walks_value(text: str, values: dict[str, D]) -> None:
    with localcontext(ARITHMETIC):
        found = parse_formula(text).evaluate(values)
    expected = _expected(text, values)
    assert found == expected
    if found is not None and expected is not None:
        assert found.as_tuple() == expected.as_tuple()  # the very Decimal, exponent included


def _exactly(values: list[D | None]) -> list[object]:
    return [None if v is None else v.as_tuple() for v in values]


complete_inputs = st.fixed_dictionaries(dict.fromkeys(NAMES, numbers))
contexts = st.sampled_from((ARITHMETIC, Context(prec=34, traps=[])))  # traps off: x / 0 is ±inf


@settings(max_examples=300, deadline=None)
@given(formulas, st.lists(complete_inputs | inputs, max_size=8), contexts)
def test_a_formula_over_many_rows_gives_each_rows_value(
    text: str, rows: list[dict[str, D]], context: Context
) -> None:
    formula = parse_formula(text)
    with localcontext(context):
        found = formula.evaluate_all(rows)
        expected = [formula.evaluate(row) for row in rows]
    assert _exactly(found) == _exactly(expected)  # the very Decimals, exponents included


def test_many_rows_with_a_zero_divisor_or_a_missing_input() -> None:
    formula = parse_formula("-(lti * 2) / hours + 1")
    rows = [
        {"lti": D(3), "hours": D(0)},
        {"lti": D(3), "hours": D(4)},
        {"lti": D(0), "hours": D(0)},
    ]
    with localcontext(ARITHMETIC):
        assert _exactly(formula.evaluate_all(rows)) == _exactly([None, D("-0.5"), None])
        assert formula.evaluate_all([*rows, {"lti": D(1)}])[1:] == [D("-0.5"), None, None]
        assert formula.evaluate_all([]) == []


@settings(max_examples=200, deadline=None)
@given(formulas, bases, inputs)
def test_a_figure_is_the_kpi_values_status_and_value(
    text: str, basis: list[str], values: dict[str, D]
) -> None:
    one = _kpi(text, basis)
    figure = kpi_figure_of(one, values)
    value = kpi_value(one, values)
    raw = _expected(text, values) if parse_formula(text).names <= values.keys() else None
    assert (figure.status, figure.value) == (value.status, value.value)
    if raw is None:
        assert value.value is None
        assert value.by_basis == ()
    else:
        assert value.value == kpi_figure(primary(one, raw))
        assert value.by_basis == basis_values(one, raw)
    missing = tuple(sorted(parse_formula(text).names - values.keys()))
    assert value.missing_inputs == missing
    assert (value.status is KpiStatus.NOT_REPORTED) == bool(missing)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(formulas, bases), min_size=1, max_size=4), st.lists(inputs, max_size=5))
def test_figures_of_many_equal_one_at_a_time(
    kpis: list[tuple[str, list[str]]], sets: list[dict[str, D]]
) -> None:
    rubric = kpi_rubric(*(kpi(f"K{n}", text, bases=b) for n, (text, b) in enumerate(kpis)))
    many = figures_of_many(rubric.kpis, dict(enumerate(sets)))
    assert many == {
        n: {one.id: kpi_figure_of(one, values) for one in rubric.kpis}
        for n, values in enumerate(sets)
    }


ladder_inputs = st.dictionaries(
    st.sampled_from(("hours", "lti")),
    st.sampled_from((D(0), D(1), D(2), D(5), D(1000), D(200000), D("1.5"))),
)


@settings(max_examples=200, deadline=None)
@given(
    ladder_inputs,
    st.dictionaries(st.integers(2021, 2024), ladder_inputs, max_size=4),
    st.one_of(st.none(), st.sampled_from((D(0), D(2), D(5)))),
)
def test_the_ladder_with_known_figures_equals_the_ladder_without(
    this_year: dict[str, D], history: dict[int, dict[str, D]], median: D | None
) -> None:
    rubric = kpi_rubric(kpi("LTIF", "lti / hours", bases=["per_1m_hours"]))
    stats = {} if median is None else {"LTIF": GroupStats(median, median - 1, median + 1)}
    years = {**history, 2025: this_year}
    known = {y: figures_of_many(rubric.kpis, {0: v})[0] for y, v in years.items()}
    plain = kpi_levels(rubric, 2025, this_year, history, stats)
    assert kpi_levels(rubric, 2025, this_year, history, stats, known) == plain
    assert kpi_levels(rubric, 2025, this_year, history, stats, {2025: known[2025]}) == plain
