"""Tests for rubric crosswalks: format, cardinality, checks against rubrics, id mapping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from rcapp.rubrics.crosswalk import (
    Crosswalk,
    CrosswalkError,
    ItemMapping,
    MappingKind,
    comparable_items,
    crosswalk_problems,
    load_crosswalk,
    map_item_ids,
)
from rcapp.rubrics.model import Rubric

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "rubrics" / "crosswalks" / "example-mini-company-1-to-2.yaml"
MINI_V1 = ROOT / "tests" / "data" / "rubrics" / "mini-company" / "v1.yaml"
MINI_V2 = ROOT / "tests" / "data" / "crosswalks" / "mini-company-v2.yaml"


def _rubric(path: Path) -> Rubric:
    return Rubric.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def old() -> Rubric:
    return _rubric(MINI_V1)


@pytest.fixture(scope="module")
def new() -> Rubric:
    return _rubric(MINI_V2)


@pytest.fixture(scope="module")
def example() -> Crosswalk:
    return load_crosswalk(EXAMPLE)


def _crosswalk(*mappings: dict[str, Any]) -> Crosswalk:
    return Crosswalk.model_validate(
        {"from": "mini-company@1", "to": "mini-company@2", "mappings": list(mappings)}
    )


def test_example_loads_with_every_kind_but_merged(example: Crosswalk) -> None:
    assert example.from_rubric == "mini-company@1"
    assert example.to_rubric == "mini-company@2"
    kinds = {mapping.kind for mapping in example.mappings}
    assert kinds == set(MappingKind) - {MappingKind.MERGED}
    split = next(m for m in example.mappings if m.kind is MappingKind.SPLIT)
    assert split.from_ids == ("C1.E1.1",)
    assert split.to_ids == ("C1.E1.3", "C1.E1.4")
    assert split.note is not None
    assert split.note.zh.startswith("原条款")


def test_example_matches_both_rubrics(example: Crosswalk, old: Rubric, new: Rubric) -> None:
    assert crosswalk_problems(example, old, new) == []


def test_comparable_items_are_same_and_renamed_only(example: Crosswalk) -> None:
    assert comparable_items(example) == {
        "MS.G1.1": "MS.G1.1",
        "MS.G1.2": "MS.G2.1",
        "C6.E1.1": "C6.E1.1",
    }


def test_map_item_ids_forward(example: Crosswalk) -> None:
    mapped = map_item_ids(example, ["MS.G1.2", "C1.E1.1", "C1.E1.2"])
    assert mapped == {
        "MS.G1.2": ("MS.G2.1",),
        "C1.E1.1": ("C1.E1.3", "C1.E1.4"),
        "C1.E1.2": (),
    }


def test_map_item_ids_reverse(example: Crosswalk) -> None:
    mapped = map_item_ids(example, ["C1.E1.4", "C6.E1.2", "MS.G2.1"], reverse=True)
    assert mapped == {"C1.E1.4": ("C1.E1.1",), "C6.E1.2": (), "MS.G2.1": ("MS.G1.2",)}


def test_map_item_ids_rejects_unlisted_id(example: Crosswalk) -> None:
    with pytest.raises(KeyError, match="C9.E1.1"):
        map_item_ids(example, ["C9.E1.1"])
    # A new-version id is not an old-version id.
    with pytest.raises(KeyError, match="C6.E1.2"):
        map_item_ids(example, ["C6.E1.2"])


def test_merged_maps_several_old_ids_to_one() -> None:
    crosswalk = _crosswalk({"kind": "merged", "from": ["A.1", "A.2"], "to": "A.1"})
    assert map_item_ids(crosswalk, ["A.1", "A.2"]) == {"A.1": ("A.1",), "A.2": ("A.1",)}
    assert map_item_ids(crosswalk, ["A.1"], reverse=True) == {"A.1": ("A.1", "A.2")}
    assert comparable_items(crosswalk) == {}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"kind": "same", "from": ["A.1", "A.2"], "to": ["A.1"]}, "'same' takes 1 'from'"),
        ({"kind": "same", "from": "A.1"}, "'same' takes 1 'to' id(s), got 0"),
        ({"kind": "renamed", "from": "A.1", "to": ["B.1", "B.2"]}, "'renamed' takes 1 'to'"),
        ({"kind": "split", "from": "A.1", "to": "B.1"}, "'split' takes two or more 'to'"),
        ({"kind": "split", "from": ["A.1", "A.2"], "to": ["B.1", "B.2"]}, "'split' takes 1 'from'"),
        ({"kind": "merged", "from": "A.1", "to": "B.1"}, "'merged' takes two or more 'from'"),
        ({"kind": "merged", "from": ["A.1", "A.2"], "to": ["B.1", "B.2"]}, "'merged' takes 1 'to'"),
        ({"kind": "new", "from": "A.1", "to": "B.1"}, "'new' takes 0 'from' id(s), got 1"),
        ({"kind": "new"}, "'new' takes 1 'to' id(s), got 0"),
        ({"kind": "dropped", "from": "A.1", "to": "B.1"}, "'dropped' takes 0 'to' id(s), got 1"),
        ({"kind": "dropped"}, "'dropped' takes 1 'from' id(s), got 0"),
        ({"kind": "split", "from": "A.1", "to": ["B.1", "B.1"]}, "repeated in 'to'"),
        ({"kind": "same", "from": "A.1", "to": "B.1"}, "use 'renamed'"),
        ({"kind": "renamed", "from": "A.1", "to": "A.1"}, "use 'same'"),
        ({"kind": "moved", "from": "A.1", "to": "B.1"}, "Input should be"),
    ],
)
def test_mapping_cardinality_errors(mapping: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        ItemMapping.model_validate(mapping)


def test_an_old_id_may_appear_in_one_mapping_only() -> None:
    with pytest.raises(ValidationError, match="'from' ids used in more than one mapping: A.1"):
        _crosswalk(
            {"kind": "same", "from": "A.1", "to": "A.1"},
            {"kind": "dropped", "from": "A.1"},
        )


def test_a_new_id_may_appear_in_one_mapping_only() -> None:
    with pytest.raises(ValidationError, match="'to' ids used in more than one mapping: B.1"):
        _crosswalk(
            {"kind": "renamed", "from": "A.1", "to": "B.1"},
            {"kind": "new", "to": "B.1"},
        )


def test_a_dropped_id_may_come_back_as_a_new_item() -> None:
    # Same id, changed meaning: the old and new ids live on different sides.
    crosswalk = _crosswalk({"kind": "dropped", "from": "A.1"}, {"kind": "new", "to": "A.1"})
    assert comparable_items(crosswalk) == {}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"from": "mini-company@1", "to": "mini-company@1"}, "name the same rubric version"),
        ({"from": "mini-company", "to": "mini-company@2"}, "String should match pattern"),
        ({"from": "mini-company@0", "to": "mini-company@2"}, "String should match pattern"),
    ],
)
def test_crosswalk_header_errors(header: dict[str, str], message: str) -> None:
    data = {**header, "mappings": [{"kind": "same", "from": "A.1", "to": "A.1"}]}
    with pytest.raises(ValidationError, match=message):
        Crosswalk.model_validate(data)


def test_problems_name_unknown_and_unmapped_ids(old: Rubric, new: Rubric) -> None:
    crosswalk = _crosswalk(
        {"kind": "same", "from": "MS.G1.1", "to": "MS.G1.1"},
        {"kind": "renamed", "from": "MS.G1.9", "to": "MS.G2.1"},
        {"kind": "split", "from": "C1.E1.1", "to": ["C1.E1.3", "C1.E1.5"]},
    )
    problems = crosswalk_problems(crosswalk, old, new)
    assert problems == [
        "'from' ids not in mini-company@1: MS.G1.9",
        "items of mini-company@1 not in any mapping: C1.E1.2, C6.E1.1, MS.G1.2",
        "'to' ids not in mini-company@2: C1.E1.5",
        "items of mini-company@2 not in any mapping: C1.E1.4, C6.E1.1, C6.E1.2",
    ]


def test_problems_name_a_rubric_version_mismatch(
    example: Crosswalk, old: Rubric, new: Rubric
) -> None:
    problems = crosswalk_problems(example, new, old)
    assert problems[:2] == [
        "'from' is mini-company@1 but the rubric given is mini-company@2",
        "'to' is mini-company@2 but the rubric given is mini-company@1",
    ]


def test_load_reports_the_field_and_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "from: a@1\nto: a@2\nmappings:\n  - kind: split\n    from: X.1\n    to: Y.1\n",
        encoding="utf-8",
    )
    with pytest.raises(CrosswalkError) as caught:
        load_crosswalk(path)
    assert str(caught.value).startswith(f"{path}:4: mappings.0: ")
    assert "'split' takes two or more 'to' id(s), got 1" in str(caught.value)
    assert caught.value.path == path


def test_load_reports_broken_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("from: a@1\nmappings: [\n", encoding="utf-8")
    with pytest.raises(CrosswalkError, match="broken.yaml"):
        load_crosswalk(path)
