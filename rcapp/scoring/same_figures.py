"""Number items that report the same figure as a KPI input: do the two agree.

The figure is typed twice, once as the item's value and once as KPI data; the item's level
comes from one, the KPI conditions of the stars from the other (qa64 M1). Pure: item values
and KPI input values in, the pairs that need a look out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import Item, Rubric

__all__ = ["SameFigure", "same_figure_pairs", "same_figures"]


@dataclass(frozen=True)
class SameFigure:
    """One item and its KPI input, with the values typed (None: not filled)."""

    item_id: str
    input_id: str
    item_value: Decimal | None
    input_value: Decimal | None

    @property
    def differ(self) -> bool:
        """Both filled and not the same number (78 and 78.0 are the same)."""
        return (
            self.item_value is not None
            and self.input_value is not None
            and self.item_value != self.input_value
        )

    @property
    def item_missing(self) -> bool:
        """The KPI input is filled and the item is not: offer the input's value."""
        return self.item_value is None and self.input_value is not None

    @property
    def input_missing(self) -> bool:
        """The item is filled and the KPI input is not: offer the item's value."""
        return self.input_value is None and self.item_value is not None


def same_figure_pairs(rubric: Rubric) -> list[Item]:
    """Return the number items that name a KPI input reporting the same figure."""
    return [item for _s, _e, item in rubric.iter_items() if item.same_figure_as is not None]


def same_figures(
    rubric: Rubric,
    item_values: Mapping[str, Decimal | None],
    input_values: Mapping[str, Decimal | None],
) -> list[SameFigure]:
    """Return every pair where one figure is filled and the other differs or is empty."""
    found = []
    for item in same_figure_pairs(rubric):
        input_id = item.same_figure_as or ""
        pair = SameFigure(item.id, input_id, item_values.get(item.id), input_values.get(input_id))
        if pair.differ or pair.item_missing or pair.input_missing:
            found.append(pair)
    return found
