"""Chained crosswalks: compare years more than one rubric version apart (v1 -> v2 -> v3).

The secretariat writes one crosswalk per new version. An item of an old version compares
with an item of a later one when every crosswalk on the way maps it as 'same' or
'renamed'; a split, merge or drop anywhere on the way ends the comparison for good. Pure:
no web, no database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from rcapp.rubrics.crosswalk import Crosswalk, comparable_items


def crosswalk_chain(walks: Iterable[Crosswalk], old: str, new: str) -> tuple[Crosswalk, ...] | None:
    """Find the crosswalks leading from rubric version `old` to `new` ('id@version' keys).

    Returns () when old is new, None when no chain of crosswalks joins them. With several
    chains the one with the fewest steps wins: a crosswalk written directly from v1 to v3
    is the secretariat's own word and beats composing v1 -> v2 -> v3.
    """
    if old == new:
        return ()
    leaving: dict[str, list[Crosswalk]] = {}
    for walk in walks:
        leaving.setdefault(walk.from_rubric, []).append(walk)
    came_by: dict[str, Crosswalk] = {}
    queue = deque([old])
    while queue:
        key = queue.popleft()
        for walk in sorted(leaving.get(key, []), key=lambda w: w.to_rubric):
            if walk.to_rubric == old or walk.to_rubric in came_by:
                continue  # already reached by a chain as short or shorter
            came_by[walk.to_rubric] = walk
            if walk.to_rubric == new:
                return _path(came_by, old, new)
            queue.append(walk.to_rubric)
    return None


def _path(came_by: dict[str, Crosswalk], old: str, new: str) -> tuple[Crosswalk, ...]:
    steps: list[Crosswalk] = []
    key = new
    while key != old:
        steps.append(came_by[key])
        key = came_by[key].from_rubric
    return tuple(reversed(steps))


def chained_items(chain: Sequence[Crosswalk]) -> dict[str, str]:
    """Oldest item id -> newest item id, for items every step maps as 'same' or 'renamed'.

    An empty chain maps nothing (the caller knows the versions are the same); a chain
    whose steps do not join up (one's `to` is not the next one's `from`) is a ValueError.
    """
    for before, after in zip(chain, chain[1:], strict=False):
        if before.to_rubric != after.from_rubric:
            raise ValueError(f"crosswalks do not join: {before.label} then {after.label}")
    if not chain:
        return {}
    pairs = comparable_items(chain[0])
    for step in chain[1:]:
        following = comparable_items(step)
        pairs = {old: following[mid] for old, mid in pairs.items() if mid in following}
    return pairs
