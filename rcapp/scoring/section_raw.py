"""A scorecard's section score unrounded, recomputed from the items it keeps.

A scorecard (and a kept snapshot, old ones too) stores its section scores rounded for
showing; a mean over organisations is computed from the unrounded ones and rounded once
(docs/scoring.md §3, qa40 D3). The rule is tree.py's: element = weighted mean of its scored
items' fractions x 100, section = weighted mean of its scored elements.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, score, weighted_mean
from rcapp.scoring.scorecard import ElementScore, SectionScore


def unrounded_section(section: SectionScore) -> Decimal | None:
    """Return the section's unrounded score (None where the scorecard shows none)."""
    if section.score is None:
        return None
    with localcontext(ARITHMETIC):
        elements = [(e.weight, v) for e in section.elements if (v := _element(e)) is not None]
        raw = weighted_mean(elements)
    # a scorecard whose items do not give its shown score (none known) keeps the shown one
    return raw if raw is not None and score(raw) == section.score else section.score


def _element(element: ElementScore) -> Decimal | None:
    items = [(i.weight, i.fraction) for i in element.items if i.fraction is not None]
    mean = weighted_mean(items)
    return None if mean is None else mean * HUNDRED


def mean_score(values: Iterable[Decimal]) -> Decimal | None:
    """Return the plain mean of unrounded scores, rounded once (None: no values)."""
    found = list(values)
    if not found:
        return None
    with localcontext(ARITHMETIC):
        return score(sum(found, Decimal(0)) / len(found))
