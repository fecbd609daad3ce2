"""A safe evaluator for KPI formulas: arithmetic on named inputs, never `eval`.

A formula is parsed once with Python's `ast` in expression mode and every node is
checked against a short allow-list (numbers, input names, + - * /, unary minus and
parentheses). Evaluation walks that checked tree with Decimal arithmetic.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div)


class FormulaError(ValueError):
    """A formula that does not parse or uses something other than arithmetic on names."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    names: frozenset[str]

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
            return _walk(self.tree, values)
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


def _walk(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp):
        operand = _walk(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _walk(node.left, values), _walk(node.right, values)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")  # pragma: no cover
