"""A safe evaluator for KPI formulas: arithmetic on named inputs, never `eval`.

A formula is parsed once with Python's `ast` in expression mode and every node is
checked against a short allow-list (numbers, input names, + - * /, unary minus and
parentheses). The checked tree is compiled once into nested closures that do the same
Decimal operations in the same order as a walk of the tree would (a KPI formula is
evaluated tens of thousands of times when a whole cycle is rated).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class FormulaError(ValueError):
    """A formula that does not parse or uses something other than arithmetic on names."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


Evaluator = Callable[[Mapping[str, Decimal]], Decimal]


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: frozenset[str]
    _run: Evaluator = field(init=False, repr=False, compare=False)
    _run_all: ColumnEvaluator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_run", _compile(self.tree))
        object.__setattr__(self, "_run_all", _compile_columns(self.tree))

    @property
    def divides(self) -> bool:
        """Whether the formula divides somewhere, as a rate per hours worked must."""
        return any(
            isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
            for node in ast.walk(self.tree)
        )

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal | None:
        """Return the value, or None when an input is missing or a divisor is zero."""
        try:
            return self._run(values)
        except (KeyError, ZeroDivisionError, ArithmeticError):
            return None

    def evaluate_all(self, rows: Sequence[Mapping[str, Decimal]]) -> list[Decimal | None]:
        """Return `evaluate` of each row, in order, worked out operation by operation.

        Each node of the tree is applied to all the rows at once (one list comprehension
        per operator rather than a call per node and row): the same Decimal operations
        on the same operands in the caller's context. A row whose divisor is zero goes
        through the division on its own and gets None where `evaluate` gives None; it
        stays None from there on. Anything else raised (a missing input, an overflow)
        makes every row go through `evaluate` instead.
        """
        try:
            return self._run_all(rows)[0]
        except (KeyError, ZeroDivisionError, ArithmeticError):
            return [self.evaluate(row) for row in rows]


def parse_formula(text: str) -> Formula:
    """Parse and check `text`; raise FormulaError naming the offending part."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"formula does not parse: {exc.msg}", exc.offset) from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError(f"only numbers may appear as constants, not {node.value!r}")
        elif isinstance(node, ast.BinOp):
            if not isinstance(node.op, _BINARY):
                raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
        elif not isinstance(node, ast.operator | ast.unaryop | ast.Load):
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
    return Formula(text=text, tree=tree, names=frozenset(names))


def _compile(node: ast.expr) -> Evaluator:
    """Turn a checked tree into a function of the inputs (KeyError for a missing one)."""
    if isinstance(node, ast.Name):
        name = node.id
        return lambda values: values[name]
    if isinstance(node, ast.Constant):
        constant = Decimal(str(node.value))
        return lambda _values: constant
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda values: -operand(values)
        return operand  # unary plus: the value itself, not rounded by +x
    if isinstance(node, ast.BinOp):
        return _binary(node.op, _compile(node.left), _compile(node.right))
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")  # pragma: no cover


# A column: a value per row (None: the row's evaluation stopped) and whether any is None.
Column = tuple[list[Decimal | None], bool]
ColumnEvaluator = Callable[[Sequence[Mapping[str, Decimal]]], Column]


def _compile_columns(node: ast.expr) -> ColumnEvaluator:
    """Turn a checked tree into a function of many rows (`_compile`, node by node)."""
    if isinstance(node, ast.Name):
        name = node.id
        return lambda rows: ([row[name] for row in rows], False)
    if isinstance(node, ast.Constant):
        constant = Decimal(str(node.value))
        return lambda rows: ([constant] * len(rows), False)
    if isinstance(node, ast.UnaryOp):
        operand = _compile_columns(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda rows: _negated(operand(rows))
        return operand  # unary plus: the values themselves, as `_compile`
    if isinstance(node, ast.BinOp):
        return _binary_columns(node.op, _compile_columns(node.left), _compile_columns(node.right))
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")  # pragma: no cover


def _negated(column: Column) -> Column:
    values, gaps = column
    if gaps:
        return [None if v is None else -v for v in values], True
    return [-v for v in values], False  # type: ignore[operator]  # no None: gaps is False


def _binary_columns(
    op: ast.operator, left: ColumnEvaluator, right: ColumnEvaluator
) -> ColumnEvaluator:
    def run(rows: Sequence[Mapping[str, Decimal]]) -> Column:
        (lefts, left_gaps), (rights, right_gaps) = left(rows), right(rows)
        if isinstance(op, ast.Div):
            return [
                None if a is None or b is None else (a / b if b else _divided(a, b))
                for a, b in zip(lefts, rights, strict=True)
            ], True
        combine = _OPERATIONS[type(op)]
        if left_gaps or right_gaps:
            pairs = zip(lefts, rights, strict=True)
            return [None if a is None or b is None else combine(a, b) for a, b in pairs], True
        if isinstance(op, ast.Add):
            return [a + b for a, b in zip(lefts, rights, strict=True)], False  # type: ignore[operator]
        if isinstance(op, ast.Sub):
            return [a - b for a, b in zip(lefts, rights, strict=True)], False  # type: ignore[operator]
        return [a * b for a, b in zip(lefts, rights, strict=True)], False  # type: ignore[operator]

    return run


def _divided(dividend: Decimal, divisor: Decimal) -> Decimal | None:
    """Divide by a zero as `evaluate` does: None when the context traps it."""
    try:
        return dividend / divisor
    except (ZeroDivisionError, ArithmeticError):
        return None


_OPERATIONS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


def _binary(op: ast.operator, left: Evaluator, right: Evaluator) -> Evaluator:
    # Left before right, as the walk it replaces: the same KeyError for the same inputs.
    if isinstance(op, ast.Add):
        return lambda values: left(values) + right(values)
    if isinstance(op, ast.Sub):
        return lambda values: left(values) - right(values)
    if isinstance(op, ast.Mult):
        return lambda values: left(values) * right(values)
    return lambda values: left(values) / right(values)
