"""Like for like: one section of two years scored on the items unchanged between them.

A section whose rubric changed between two years does not compare (rubrics.year_compare);
the items both versions keep (rubrics.unchanged) still do. Each year's item fractions,
as its own scorecard counted them, are rolled up by the rules the engine uses
(scoring.tree): element = weighted mean of the scored items' fractions x 100, section =
weighted mean of the scored elements. Both years use the newer version's elements and
weights, so the same answers give the same figure. The figure is not the section score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from rcapp.rubrics.model import Section
from rcapp.scoring.rounding import ARITHMETIC, score
from rcapp.scoring.scorecard import Scorecard
from rcapp.scoring.tree import Fractions, element_score, section_score


@dataclass(frozen=True)
class LikeForLike:
    """A section of two years on its unchanged items; None where nothing is scored."""

    section_id: str
    items: tuple[str, ...]  # the newer version's ids of the unchanged items
    before: Decimal | None
    after: Decimal | None


def item_fractions(card: Scorecard) -> dict[str, Decimal | None]:
    """Return each item's fraction as the scorecard counted it (None: N/A or unscored)."""
    return {
        item.item_id: item.fraction
        for section in card.sections
        for element in section.elements
        for item in element.items
    }


def like_for_like(
    section: Section,
    unchanged: Mapping[str, str],
    before: Fractions,
    after: Fractions,
) -> LikeForLike:
    """Score `section` of both years on its `unchanged` items (new id -> old id) only.

    `before` holds the earlier year's fractions by its own (old) item ids, `after` the
    later year's by the section's ids. Items of the section not in `unchanged` never count.
    """
    kept = tuple(item.id for e in section.elements for item in e.items if item.id in unchanged)
    earlier = {new_id: before.get(old_id) for new_id, old_id in unchanged.items()}
    later = {new_id: after.get(new_id) for new_id in unchanged}
    return LikeForLike(
        section_id=section.id,
        items=kept,
        before=_section(section, unchanged, earlier),
        after=_section(section, unchanged, later),
    )


def _section(
    section: Section, unchanged: Mapping[str, str], fractions: Fractions
) -> Decimal | None:
    with localcontext(ARITHMETIC):
        elements = [
            (element, element_score([i for i in element.items if i.id in unchanged], fractions))
            for element in section.elements
        ]
        found = section_score(elements)
    return None if found is None else score(found)
