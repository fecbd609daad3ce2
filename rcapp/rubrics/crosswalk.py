"""Rubric crosswalks: how the item ids of one rubric version map onto the next.

A crosswalk is content the secretariat writes when it publishes a new rubric
version (docs/crosswalk-format.md). It says, item by item, whether an item stayed
the same, was renamed, split, merged, dropped or added, so that year-over-year
comparisons only pair items that still mean the same thing. Pure: no web, no database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from rcapp.rubrics.model import Frozen, Identifier, Rubric, Text
from rcapp.rubrics.yamlread import Path_ as Loc
from rcapp.rubrics.yamlread import read_yaml

RubricKey = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*@[1-9][0-9]*$",
        max_length=80,
        description="A rubric version as '<rubric id>@<version>', e.g. 'rc-company@1'.",
    ),
]


class MappingKind(enum.StrEnum):
    SAME = "same"  # same id, same meaning
    RENAMED = "renamed"  # same meaning under a new id
    SPLIT = "split"  # one old item became several new ones
    MERGED = "merged"  # several old items became one new one
    NEW = "new"  # no old counterpart
    DROPPED = "dropped"  # no new counterpart


# (how many `from` ids, how many `to` ids) each kind takes; None means "two or more".
_CARDINALITY: dict[MappingKind, tuple[int | None, int | None]] = {
    MappingKind.SAME: (1, 1),
    MappingKind.RENAMED: (1, 1),
    MappingKind.SPLIT: (1, None),
    MappingKind.MERGED: (None, 1),
    MappingKind.NEW: (0, 1),
    MappingKind.DROPPED: (1, 0),
}
Side = Literal["from", "to"]
SIDES: tuple[Side, Side] = ("from", "to")
COMPARABLE_KINDS = frozenset({MappingKind.SAME, MappingKind.RENAMED})


def _count_ok(count: int, expected: int | None) -> bool:
    return count >= 2 if expected is None else count == expected


def _describe(expected: int | None) -> str:
    return "two or more" if expected is None else str(expected)


class ItemMapping(Frozen):
    """One line of a crosswalk: old item ids (`from`) become new item ids (`to`)."""

    kind: MappingKind
    from_ids: tuple[Identifier, ...] = Field(default=(), alias="from")
    to_ids: tuple[Identifier, ...] = Field(default=(), alias="to")
    note: Text | None = None

    @field_validator("from_ids", "to_ids", mode="before")
    @classmethod
    def _single_id_as_list(cls, value: object) -> object:
        # Authors may write `from: C1.E1.1` for the common one-id case.
        return (value,) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_cardinality(self) -> ItemMapping:
        want_from, want_to = _CARDINALITY[self.kind]
        for side, ids, want in (("from", self.from_ids, want_from), ("to", self.to_ids, want_to)):
            if not _count_ok(len(ids), want):
                raise ValueError(
                    f"'{self.kind}' takes {_describe(want)} '{side}' id(s), got {len(ids)}"
                )
            if len(set(ids)) != len(ids):
                raise ValueError(f"an id is repeated in '{side}'")
        if self.kind is MappingKind.SAME and self.from_ids != self.to_ids:
            raise ValueError("'same' keeps the id: use 'renamed' when the id changes")
        if self.kind is MappingKind.RENAMED and self.from_ids == self.to_ids:
            raise ValueError("'renamed' needs a new id: use 'same' when the id is kept")
        return self


class Crosswalk(Frozen):
    """Item-id mapping from one rubric version (`from`) to another (`to`)."""

    from_rubric: RubricKey = Field(alias="from")
    to_rubric: RubricKey = Field(alias="to")
    note: Text | None = None
    mappings: tuple[ItemMapping, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_id_once(self) -> Crosswalk:
        if self.from_rubric == self.to_rubric:
            raise ValueError("'from' and 'to' name the same rubric version")
        for side in SIDES:
            repeated = _repeated(self.item_ids(side))
            if repeated:
                raise ValueError(
                    f"'{side}' ids used in more than one mapping: {', '.join(repeated)}"
                )
        return self

    @property
    def label(self) -> str:
        return f"{self.from_rubric} -> {self.to_rubric}"

    def item_ids(self, side: Side) -> Iterator[str]:
        """Every id listed on one side ('from' or 'to'), in file order."""
        for mapping in self.mappings:
            yield from mapping.from_ids if side == "from" else mapping.to_ids


def _repeated(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for item_id in ids:
        if item_id in seen and item_id not in repeated:
            repeated.append(item_id)
        seen.add(item_id)
    return repeated


class CrosswalkError(ValueError):
    """A crosswalk file that cannot be read or does not follow the format.

    `problems` are (line or None, message); str() gives one `file:line: message` per line.
    """

    def __init__(self, path: Path, problems: list[tuple[int | None, str]]) -> None:
        super().__init__(
            "\n".join(
                f"{path}:{line}: {message}" if line else f"{path}: {message}"
                for line, message in problems
            )
        )
        self.path = path
        self.problems = problems


def load_crosswalk(path: Path) -> Crosswalk:
    """Read and validate one crosswalk YAML file; raise CrosswalkError listing every problem.

    The file goes through the same line-keeping reader as rubrics and answers files, so
    each problem is `file:line: key path: message`.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CrosswalkError(path, [(None, f"cannot read file: {exc}")]) from exc
    document = read_yaml(text, what="crosswalk file")
    if document.problems:
        raise CrosswalkError(path, document.problems)
    try:
        return Crosswalk.model_validate(document.data)
    except ValidationError as exc:
        found = []
        for err in exc.errors():
            loc = _known_prefix(tuple(err["loc"]), document.lines)
            where = ".".join(str(part) for part in err["loc"]) or "(top)"
            found.append((document.lines.get(loc), f"{where}: {err['msg']}"))
        raise CrosswalkError(path, found) from exc


def _known_prefix(loc: tuple[int | str, ...], lines: dict[Loc, int]) -> Loc:
    """Return the longest start of pydantic's `loc` that names a place in the file."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return loc[:end]
    return ()


def crosswalk_problems(crosswalk: Crosswalk, old: Rubric, new: Rubric) -> list[str]:
    """Check a crosswalk against the two rubrics it joins; return messages (empty: all good).

    Every item of the old rubric must appear exactly once under `from`, and every
    item of the new rubric exactly once under `to`: the secretariat decides for each
    item, rather than the app guessing from matching ids.
    """
    problems = [
        f"'{side}' is {key} but the rubric given is {rubric.key}"
        for side, key, rubric in (
            ("from", crosswalk.from_rubric, old),
            ("to", crosswalk.to_rubric, new),
        )
        if key != rubric.key
    ]
    sides: tuple[tuple[Side, Rubric], ...] = (("from", old), ("to", new))
    for side, rubric in sides:
        known = set(rubric.item_index())
        listed = list(crosswalk.item_ids(side))
        unknown = [item_id for item_id in listed if item_id not in known]
        missing = sorted(known.difference(listed))
        if unknown:
            problems.append(f"'{side}' ids not in {rubric.key}: {', '.join(unknown)}")
        if missing:
            problems.append(f"items of {rubric.key} not in any mapping: {', '.join(missing)}")
    return problems


def comparable_items(crosswalk: Crosswalk) -> dict[str, str]:
    """Old item id -> new item id, for items that can be compared year over year.

    Only 'same' and 'renamed' items keep their meaning; a split or merged item
    measures something else and is never paired.
    """
    return {
        mapping.from_ids[0]: mapping.to_ids[0]
        for mapping in crosswalk.mappings
        if mapping.kind in COMPARABLE_KINDS
    }


def map_item_ids(
    crosswalk: Crosswalk, item_ids: Iterable[str], *, reverse: bool = False
) -> dict[str, tuple[str, ...]]:
    """Map each id to its counterparts in the other version (an empty tuple when none).

    By default `item_ids` are old ids and the result gives their new ids; with
    `reverse=True` they are new ids and the result gives the old ids they came from.
    An id the crosswalk does not list raises KeyError, since guessing would hide an error.
    """
    index: dict[str, tuple[str, ...]] = {}
    for mapping in crosswalk.mappings:
        sources, targets = (
            (mapping.to_ids, mapping.from_ids) if reverse else (mapping.from_ids, mapping.to_ids)
        )
        for item_id in sources:
            index[item_id] = targets
    result: dict[str, tuple[str, ...]] = {}
    for item_id in item_ids:
        if item_id not in index:
            side = "to" if reverse else "from"
            raise KeyError(f"{item_id!r} is not a '{side}' id of {crosswalk.label}")
        result[item_id] = index[item_id]
    return result
