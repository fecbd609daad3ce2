"""Complementary suppression: the group figures that would give away the organisations outside.

A mean or a sum over a group printed beside one over a larger set that holds it (all
companies, or a larger working group) lets a reader subtract: 6 x 77.7 - 5 x 79.3 is the one
company outside the group (qa46 D1). The small-group rule (stats.shows_group) hides a figure
of too few organisations; this hides a figure whose *complement* within a larger published
figure is too few: 1 .. least-1 organisations. The smaller figure of the pair is hidden (the
total stays), so hiding never uncovers another pair. Pure: member sets in, keys out.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)
Member = TypeVar("Member", bound=Hashable)


def complement_hidden(published: Mapping[Key, frozenset[Member]], least: int) -> set[Key]:
    """Return the keys of the `published` figures to hide; each maps to its members.

    A figure is hidden when a larger figure still shown holds all its members and between
    1 and least-1 more. The larger figures are decided first, so a figure is hidden only
    because of one that stays published.
    """
    shown: list[frozenset[Member]] = []
    hidden: set[Key] = set()
    for key, members in sorted(published.items(), key=lambda item: -len(item[1])):
        if any(members < larger and len(larger - members) < least for larger in shown):
            hidden.add(key)
        else:
            shown.append(members)
    return hidden
