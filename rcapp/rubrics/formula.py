"""A safe evaluator for KPI formulas: arithmetic on named inputs, never `eval`.

A formula is parsed once with Python's `ast` in expression mode and every node is
checked against a short allow-list (numbers, input names, + - * /, unary minus and
parentheses). The checked tree is compiled once into nested closures that do the same
Decimal operations in the same order as a walk of the tree would (a KPI formula is
evaluated tens of thousands of times when a whole cycle is rated).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_run", _compile(self.tree))

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


def _binary(op: ast.operator, left: Evaluator, right: Evaluator) -> Evaluator:
    # Left before right, as the walk it replaces: the same KeyError for the same inputs.
    if isinstance(op, ast.Add):
        return lambda values: left(values) + right(values)
    if isinstance(op, ast.Sub):
        return lambda values: left(values) - right(values)
    if isinstance(op, ast.Mult):
        return lambda values: left(values) * right(values)
    return lambda values: left(values) / right(values)
