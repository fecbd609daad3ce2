"""What one rubric version changes against another, read from the two files themselves.

The secretariat chooses the versions of a new year once and for good: the page opening a
year shows, per kind, the evaluation items and KPIs the chosen version adds, removes and
changes against the version the latest year used. Pure: no web, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rcapp.rubrics.model import Rubric, Text


@dataclass(frozen=True)
class Part:
    """One evaluation item or KPI, by its code and its name as users read it."""

    id: str
    name: Text


@dataclass(frozen=True)
class PartChanges:
    added: tuple[Part, ...] = ()
    removed: tuple[Part, ...] = ()
    changed: tuple[Part, ...] = ()  # same code, anything of its definition different

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class RubricDiff:
    items: PartChanges
    kpis: PartChanges

    def __bool__(self) -> bool:
        return bool(self.items or self.kpis)


def _compare(
    old: Mapping[str, object], new: Mapping[str, object], names: Mapping[str, Text]
) -> PartChanges:
    """Compare two codes→definition maps; the result follows the newer file's order."""
    return PartChanges(
        added=tuple(Part(code, names[code]) for code in new if code not in old),
        removed=tuple(Part(code, names[code]) for code in old if code not in new),
        changed=tuple(
            Part(code, names[code]) for code in new if code in old and old[code] != new[code]
        ),
    )


def _by_code(
    parts: Sequence[tuple[str, object, Text]],
) -> tuple[dict[str, object], dict[str, Text]]:
    return {code: part for code, part, _ in parts}, {code: name for code, _, name in parts}


def rubric_diff(old: Rubric, new: Rubric) -> RubricDiff:
    """Return the items and KPIs `new` adds, removes and changes against `old`."""
    old_items, old_item_names = _by_code([(i.id, i, i.prompt) for _, _, i in old.iter_items()])
    new_items, new_item_names = _by_code([(i.id, i, i.prompt) for _, _, i in new.iter_items()])
    old_kpis, old_kpi_names = _by_code([(k.id, k, k.name) for k in old.kpis])
    new_kpis, new_kpi_names = _by_code([(k.id, k, k.name) for k in new.kpis])
    return RubricDiff(
        items=_compare(old_items, new_items, {**old_item_names, **new_item_names}),
        kpis=_compare(old_kpis, new_kpis, {**old_kpi_names, **new_kpi_names}),
    )
