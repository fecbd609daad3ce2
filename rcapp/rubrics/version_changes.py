"""What changed between two rubric versions, from the crosswalks joining them.

Read by the pages that follow a company from one year to the next (copy from last year,
the overview, the section pages): the items merged, split, renamed, new and dropped, each
with the crosswalk's note. Pure: no web, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rcapp.rubrics.crosswalk import Crosswalk, ItemMapping, MappingKind
from rcapp.rubrics.model import Text


@dataclass(frozen=True)
class VersionChanges:
    """The changed items from one rubric version to a later one, in crosswalk order."""

    old_version: int
    new_version: int
    notes: tuple[Text, ...]  # each crosswalk's own note, oldest first
    mappings: tuple[ItemMapping, ...]  # every mapping but 'same'

    def of_kind(self, kind: MappingKind) -> list[ItemMapping]:
        return [m for m in self.mappings if m.kind is kind]

    @property
    def merged(self) -> list[ItemMapping]:
        return self.of_kind(MappingKind.MERGED)

    @property
    def new(self) -> list[ItemMapping]:
        return self.of_kind(MappingKind.NEW)

    @property
    def dropped(self) -> list[ItemMapping]:
        return self.of_kind(MappingKind.DROPPED)

    @property
    def moved(self) -> list[ItemMapping]:
        """Items renamed or split: last year's answer is not carried under the new id."""
        return [m for m in self.mappings if m.kind in (MappingKind.RENAMED, MappingKind.SPLIT)]

    def by_new_item(self) -> dict[str, ItemMapping]:
        """Return the mapping that made each changed item of the new version, by its id.

        Over a chain of crosswalks the last step that touched an item wins.
        """
        return {item_id: m for m in self.mappings for item_id in m.to_ids}


def version_number(key: str) -> int:
    """Return the version of a rubric key such as 'rc-company@2'."""
    return int(key.rpartition("@")[2])


def version_changes(chain: Sequence[Crosswalk]) -> VersionChanges | None:
    """Return the changes along a chain of crosswalks (crosswalk_chain), None for no step."""
    if not chain:
        return None
    return VersionChanges(
        old_version=version_number(chain[0].from_rubric),
        new_version=version_number(chain[-1].to_rubric),
        notes=tuple(walk.note for walk in chain if walk.note is not None),
        mappings=tuple(
            m for walk in chain for m in walk.mappings if m.kind is not MappingKind.SAME
        ),
    )


def other_ids(mapping: ItemMapping) -> list[str]:
    """Return a merged or split item's former ids other than its own new id."""
    return [item_id for item_id in mapping.from_ids if item_id not in mapping.to_ids]
