"""The items a section keeps unchanged from one rubric version to a later one.

A section whose items changed (new, dropped, merged, split, moved in or out) does not
compare year over year; its unchanged items still do, like for like. An item is unchanged
when every crosswalk on the way maps it as 'same' or 'renamed' (rubrics.chain) and it
belongs to the section in both versions. An item found in one version only never counts.
Pure: no web, no database.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcapp.rubrics.chain import chained_items
from rcapp.rubrics.crosswalk import Crosswalk
from rcapp.rubrics.model import Rubric

# New item id -> the old item id it continues, in the newer version's item order.
UnchangedItems = dict[str, str]


def unchanged_items(
    old: Rubric, new: Rubric, chain: Sequence[Crosswalk] | None
) -> dict[str, UnchangedItems]:
    """Return, for each section of `new` that `old` has too, its unchanged items.

    `chain` is the chain of crosswalks from `old` to `new` (rubrics.chain.crosswalk_chain),
    () for the same version and None when no chain joins them (nothing is unchanged then).
    """
    if old.key == new.key:
        return {
            section.id: {item.id: item.id for element in section.elements for item in element.items}
            for section in new.sections
        }
    if not chain:
        return {}
    pairs = chained_items(chain)
    old_section = {item.id: section.id for section, _element, item in old.iter_items()}
    before = {section.id for section in old.sections}
    found: dict[str, UnchangedItems] = {s.id: {} for s in new.sections if s.id in before}
    later = {new_id: old_id for old_id, new_id in pairs.items()}
    for section, _element, item in new.iter_items():
        old_id = later.get(item.id)
        if section.id in found and old_id is not None and old_section.get(old_id) == section.id:
            found[section.id][item.id] = old_id
    return found
