"""Year over year: which section scores of two rubric versions may be compared (pure).

Two years scored with the same rubric version compare section by section, and so do
their overall scores. Across versions the crosswalks decide, one step or a chain of them
(v1 -> v2 -> v3, rubrics.chain): a section compares when it exists in both versions and
each of its items, in both directions, is 'same' or 'renamed' at every step, ending in
that section; the overall score compares only when every section does. Without a chain
of crosswalks nothing compares across versions. Stars always show, but they compare across
versions only when the star rules (bands, vetoes, the overall score's parts) are the same
and the overall score compares: otherwise "1 星 → 3 星" need not be an improvement.
A KPI compares across versions when both define it alike (formula, unit, hour bases):
rc-company@2 made EN-01 SO2 per tonne of product (kg/t) where version 1 had tonnes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rcapp.rubrics.chain import chained_items
from rcapp.rubrics.crosswalk import Crosswalk
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.model import Rubric


@dataclass(frozen=True)
class Comparability:
    sections: frozenset[str]  # section ids of the newer version that compare
    overall: bool
    kpis: frozenset[str] = frozenset()  # KPI ids defined alike in both versions
    # Section id of the newer version -> the item ids (of either version) that keep it from
    # comparing: new, dropped, merged or split items, or items moved in or out of it.
    changed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stars: bool = True  # the two years' stars were awarded by the same rules


def _section_items(rubric: Rubric) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for section, _element, item in rubric.iter_items():
        found.setdefault(section.id, set()).add(item.id)
    return found


def comparability(
    old: Rubric, new: Rubric, crosswalks: Crosswalk | Sequence[Crosswalk] | None
) -> Comparability:
    """Decide what of `new`'s year compares with `old`'s (see the module docstring).

    `crosswalks` is the one crosswalk from old to new, or the chain of them, oldest first.
    """
    if old.key == new.key:
        return Comparability(
            frozenset(s.id for s in new.sections), True, frozenset(k.id for k in new.kpis)
        )
    kpis = comparable_kpis(old, new)
    chain = (crosswalks,) if isinstance(crosswalks, Crosswalk) else tuple(crosswalks or ())
    if not chain:
        return Comparability(frozenset(), False, kpis, stars=False)
    pairs = chained_items(chain)
    old_items, new_items = _section_items(old), _section_items(new)
    sections = set()
    changed: dict[str, tuple[str, ...]] = {}
    for section_id, items in new_items.items():
        before = old_items.get(section_id)
        if before is None:
            continue
        mapped = {pairs.get(item_id) for item_id in before}
        if mapped == items:
            sections.add(section_id)
        else:
            gone = {item_id for item_id in before if pairs.get(item_id) not in items}
            changed[section_id] = tuple(sorted((items - mapped) | gone))
    overall = sections == set(new_items) and set(old_items) == set(new_items)
    stars = overall and _star_rules(old) == _star_rules(new)
    return Comparability(frozenset(sections), overall, kpis, changed, stars)


def _star_rules(rubric: Rubric) -> tuple[object, ...]:
    """Return what decides the stars: the bands, vetoes and the overall score's parts."""
    rating = rubric.rating
    return (rating.bands, rating.vetoes, rating.components, rating.kpi_performance)
