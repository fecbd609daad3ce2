"""Every peer group's sum of each KPI input, added up once per cell of members, not per group.

A member of a cycle is in several peer groups (working group, sector, province: three at
the bench's 26,000 members), and each group added up each of the 50 inputs of all its
members: every input added three times, 3.9 million Decimal additions, about a tenth of
the computation. Members in the very same groups form a cell; here each cell's members
are added once and each group adds its cells' sums (at 26,000 members 3,120 cells).

The sums must be the very Decimals the member-by-member sums in the group's order give
(`scoring.InputTotals`: from `Decimal(0)`, in the 34-digit context). They are when no
addition rounds: exact addition does not depend on the order, and its result's exponent
is the least of the summands'. So a name is summed this way only when every member of
every cell reports it, no value is negative, and no addition here rounds (any signal of
the context is trapped). Then no partial sum in the group's order rounds either: each is
a sum of non-negative values, so at most the group's total, with an exponent no smaller,
so its digits are at most the total's, which fit (it was added here without rounding).
Anything else (a value missing, a negative one, a rounding, NaN) gives None for the
name, and the groups add that input member by member as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import (
    ROUND_HALF_EVEN,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
    localcontext,
)
from itertools import repeat
from operator import itemgetter
from typing import Final

from rcapp.scoring.rounding import ARITHMETIC

# The arithmetic context of the member-by-member sums, every signal trapped: a sum that
# comes out of it is exact.
_EXACT: Final = Context(
    prec=ARITHMETIC.prec,
    rounding=ROUND_HALF_EVEN,
    Emin=ARITHMETIC.Emin,
    Emax=ARITHMETIC.Emax,
    traps=[
        Clamped,
        DivisionByZero,
        Inexact,
        InvalidOperation,
        Overflow,
        Rounded,
        Subnormal,
        Underflow,
    ],
)
_ZERO: Final = Decimal(0)


class CellSums:
    """Exact sums of each input over each group (`groups`: the members' positions each)."""

    def __init__(
        self, inputs: Sequence[Mapping[str, Decimal]], groups: Sequence[Sequence[int]]
    ) -> None:
        in_groups: list[list[int]] = [[] for _ in inputs]
        for group, positions in enumerate(groups):
            for position in positions:
                in_groups[position].append(group)
        cells: dict[tuple[int, ...], list[Mapping[str, Decimal]]] = {}
        for position, own in enumerate(in_groups):
            if own:
                cells.setdefault(tuple(own), []).append(inputs[position])
        # The members cell after cell, and each cell's slice of them.
        self._members = [member for members in cells.values() for member in members]
        self._cells: list[slice] = []
        for members in cells.values():
            start = self._cells[-1].stop if self._cells else 0
            self._cells.append(slice(start, start + len(members)))
        self._of_group: list[list[int]] = [[] for _ in groups]
        for cell, cell_groups in enumerate(cells):
            for group in cell_groups:
                self._of_group[group].append(cell)
        # Worth it only when cells are far fewer than the members' places in groups.
        self.useful = 2 * len(self._cells) <= sum(map(len, groups))
        self._totals: dict[str, list[Decimal] | None] = {}

    def total(self, group: int, name: str) -> Decimal | None:
        """Return the sum of the input over the group's members, or None (add them up)."""
        if name not in self._totals:
            self._totals[name] = self._sum(name)
        found = self._totals[name]
        return None if found is None else found[group]

    def _sum(self, name: str) -> list[Decimal] | None:
        try:
            values = list(map(itemgetter(name), self._members))
            with localcontext(_EXACT):
                if values and min(values) < _ZERO:
                    return None
                sums = list(map(sum, map(values.__getitem__, self._cells), repeat(_ZERO)))
                return [sum(map(sums.__getitem__, cells), _ZERO) for cells in self._of_group]
        except (KeyError, ArithmeticError):  # not reported by all, or not exact
            return None
