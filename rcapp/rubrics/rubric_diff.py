"""What one rubric version changes against another, read from the two files themselves.

The secretariat chooses the versions of a new year once and for good: the page opening a
year shows, per kind, the evaluation items and KPIs the chosen version adds, removes and
changes against the version the latest year used. Pure: no web, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from rcapp.rubrics.model import Rubric, Text


@dataclass(frozen=True)
class Part:
    """One evaluation item or KPI, by its code and its name as users read it.

    `aspects`: for a changed one, the fields of its definition that differ, in the model's
    order ("evidence", "weight", ...): "修改 183 个评价项" alone did not say that all 183 were
    the evidence rule (qa62 #2).
    """

    id: str
    name: Text
    aspects: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartChanges:
    added: tuple[Part, ...] = ()
    removed: tuple[Part, ...] = ()
    changed: tuple[Part, ...] = ()  # same code, anything of its definition different

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def aspect_counts(self) -> tuple[tuple[str, int], ...]:
        """How many changed parts differ in each aspect, most first (ties in field order)."""
        counts: dict[str, int] = {}
        for part in self.changed:
            for aspect in part.aspects:
                counts[aspect] = counts.get(aspect, 0) + 1
        return tuple(sorted(counts.items(), key=lambda pair: -pair[1]))


@dataclass(frozen=True)
class RubricDiff:
    items: PartChanges
    kpis: PartChanges
    # Veto rules by their titles as worded now (errata): the secretariat reads the corrected
    # wording before choosing a version (vetowords).
    vetoes: PartChanges = PartChanges()

    def __bool__(self) -> bool:
        return bool(self.items or self.kpis or self.vetoes)


def _compare(
    old: Mapping[str, BaseModel], new: Mapping[str, BaseModel], names: Mapping[str, Text]
) -> PartChanges:
    """Compare two codes→definition maps; the result follows the newer file's order."""
    return PartChanges(
        added=tuple(Part(code, names[code]) for code in new if code not in old),
        removed=tuple(Part(code, names[code]) for code in old if code not in new),
        changed=tuple(
            Part(code, names[code], _aspects(old[code], new[code]))
            for code in new
            if code in old and old[code] != new[code]
        ),
    )


def _aspects(old: BaseModel, new: BaseModel) -> tuple[str, ...]:
    """Return the fields of a definition that differ between two versions, in model order."""
    return tuple(
        name for name in type(new).model_fields if getattr(old, name) != getattr(new, name)
    )


def _by_code(
    parts: Sequence[tuple[str, BaseModel, Text]],
) -> tuple[dict[str, BaseModel], dict[str, Text]]:
    return {code: part for code, part, _ in parts}, {code: name for code, _, name in parts}


def rubric_diff(old: Rubric, new: Rubric) -> RubricDiff:
    """Return the items, KPIs and veto rules `new` adds, removes and changes against `old`.

    Each is named in the rubric's wording now: a registry's rubrics carry their errata.
    """
    old_items, old_item_names = _by_code([(i.id, i, i.prompt) for _, _, i in old.iter_items()])
    new_items, new_item_names = _by_code([(i.id, i, i.prompt) for _, _, i in new.iter_items()])
    old_kpis, old_kpi_names = _by_code([(k.id, k, k.name) for k in old.kpis])
    new_kpis, new_kpi_names = _by_code([(k.id, k, k.name) for k in new.kpis])
    old_vetoes, old_veto_names = _by_code([(v.id, v, v.title) for v in old.rating.vetoes])
    new_vetoes, new_veto_names = _by_code([(v.id, v, v.title) for v in new.rating.vetoes])
    return RubricDiff(
        items=_compare(old_items, new_items, {**old_item_names, **new_item_names}),
        kpis=_compare(old_kpis, new_kpis, {**old_kpi_names, **new_kpi_names}),
        vetoes=_compare(old_vetoes, new_vetoes, {**old_veto_names, **new_veto_names}),
    )
