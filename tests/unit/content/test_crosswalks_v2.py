"""The shipped v1 -> v2 crosswalks place every item of both versions and pair only like items."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcapp.rubrics.crosswalk import comparable_items, crosswalk_problems, load_crosswalk
from rcapp.rubrics.registry import RubricRegistry

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = RubricRegistry(ROOT / "rubrics")


@pytest.mark.parametrize("rubric_id", ["rc-company", "rc-park"])
def test_crosswalk_places_every_item_of_both_versions(rubric_id: str) -> None:
    crosswalk = load_crosswalk(ROOT / "rubrics" / "crosswalks" / f"{rubric_id}-1-to-2.yaml")
    old, new = REGISTRY.get(rubric_id, 1).rubric, REGISTRY.get(rubric_id, 2).rubric

    assert crosswalk_problems(crosswalk, old, new) == []


def test_items_scored_twice_are_not_compared_year_over_year() -> None:
    crosswalk = load_crosswalk(ROOT / "rubrics" / "crosswalks" / "rc-company-1-to-2.yaml")
    pairs = comparable_items(crosswalk)

    for merged_or_dropped in ("C5.E1.2", "C6.E7.3", "C2.E5.3", "C5.E6.1", "MS.G5.2", "MS.G12.3"):
        assert merged_or_dropped not in pairs
    assert pairs["C1.E1.1"] == "C1.E1.1"
