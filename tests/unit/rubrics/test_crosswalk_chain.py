"""Chained crosswalks: finding the chain, composing comparable items, sections through v3.

Table-driven on the mini rubric's v1 -> v2 -> v3 (v3 is a test-only fixture), and
property-based on random chains whose true lineage the generator keeps.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.rubrics.chain import chained_items, crosswalk_chain
from rcapp.rubrics.crosswalk import Crosswalk, load_crosswalk
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.year_compare import comparability

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
V1 = load_rubric(DATA / "rubrics" / "mini-company" / "v1.yaml").rubric
V2 = load_rubric(DATA / "crosswalks" / "mini-company-v2.yaml").rubric
V3 = load_rubric(DATA / "crosswalks" / "mini-company-v3.yaml").rubric
ONE_TO_TWO = load_crosswalk(ROOT / "rubrics" / "crosswalks" / "example-mini-company-1-to-2.yaml")
TWO_TO_THREE = load_crosswalk(DATA / "crosswalks" / "mini-company-2-to-3.yaml")
RUBRICS = {"v1": V1, "v2": V2, "v3": V3}


def _walk(old: str, new: str, *mappings: dict[str, Any]) -> Crosswalk:
    return Crosswalk.model_validate({"from": old, "to": new, "mappings": list(mappings)})


ONE_TO_THREE = _walk("mini-company@1", "mini-company@3", {"kind": "same", "from": "X", "to": "X"})
BACK = _walk("mini-company@3", "mini-company@1", {"kind": "same", "from": "X", "to": "X"})


@pytest.mark.parametrize(
    ("walks", "old", "new", "expected"),
    [
        ([ONE_TO_TWO, TWO_TO_THREE], "mini-company@1", "mini-company@1", ()),
        ([ONE_TO_TWO, TWO_TO_THREE], "mini-company@1", "mini-company@2", (ONE_TO_TWO,)),
        (
            [TWO_TO_THREE, ONE_TO_TWO],
            "mini-company@1",
            "mini-company@3",
            (ONE_TO_TWO, TWO_TO_THREE),
        ),
        ([TWO_TO_THREE], "mini-company@1", "mini-company@3", None),  # a step is missing
        ([ONE_TO_TWO, TWO_TO_THREE], "mini-company@3", "mini-company@1", None),  # forward only
        (
            [ONE_TO_TWO, TWO_TO_THREE, ONE_TO_THREE],
            "mini-company@1",
            "mini-company@3",
            (ONE_TO_THREE,),
        ),
        (
            [ONE_TO_TWO, TWO_TO_THREE, BACK],
            "mini-company@1",
            "mini-company@3",
            (ONE_TO_TWO, TWO_TO_THREE),
        ),
        ([], "mini-company@1", "mini-company@2", None),
    ],
)
def test_chain_of_crosswalks(
    walks: list[Crosswalk], old: str, new: str, expected: tuple[Crosswalk, ...] | None
) -> None:
    assert crosswalk_chain(walks, old, new) == expected


@pytest.mark.parametrize(
    ("chain", "pairs"),
    [
        ((ONE_TO_TWO,), {"MS.G1.1": "MS.G1.1", "MS.G1.2": "MS.G2.1", "C6.E1.1": "C6.E1.1"}),
        (
            (TWO_TO_THREE,),
            {
                "MS.G1.1": "MS.G1.1",
                "MS.G2.1": "MS.G2.2",
                "C1.E1.3": "C1.E1.3",
                "C1.E1.4": "C1.E1.4",
                "C6.E1.2": "C6.E1.2",
            },
        ),
        # C6.E1.1 compares one step on, but v3 splits it: not comparable from v1 to v3.
        ((ONE_TO_TWO, TWO_TO_THREE), {"MS.G1.1": "MS.G1.1", "MS.G1.2": "MS.G2.2"}),
        ((), {}),
    ],
)
def test_items_compare_only_when_every_step_maps_them(
    chain: tuple[Crosswalk, ...], pairs: dict[str, str]
) -> None:
    assert chained_items(chain) == pairs


def test_steps_that_do_not_join_are_refused() -> None:
    with pytest.raises(ValueError, match="do not join"):
        chained_items((TWO_TO_THREE, ONE_TO_TWO))


@pytest.mark.parametrize(
    ("old", "new", "chain", "sections", "overall"),
    [
        ("v1", "v3", (ONE_TO_TWO, TWO_TO_THREE), {"MS"}, False),  # C1 split at step 1, C6 at 2
        ("v2", "v3", (TWO_TO_THREE,), {"MS", "C1"}, False),
        ("v2", "v3", TWO_TO_THREE, {"MS", "C1"}, False),  # a lone crosswalk still works
        ("v1", "v2", (ONE_TO_TWO,), {"MS"}, False),
        ("v1", "v3", None, set(), False),  # no chain: nothing compares
        ("v3", "v3", None, {"MS", "C1", "C6"}, True),
    ],
)
def test_sections_compare_through_the_chain(
    old: str, new: str, chain: Any, sections: set[str], overall: bool
) -> None:
    found = comparability(RUBRICS[old], RUBRICS[new], chain)
    assert (set(found.sections), found.overall) == (sections, overall)


# --- properties on random chains ----------------------------------------------------------

KINDS = ("same", "renamed", "split", "merged", "dropped")


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[Crosswalk], dict[str, str]]:
    """A random chain syn@1 -> syn@2 -> ..., and which first-version ids truly survive 1:1."""
    fresh = iter(f"N{n}" for n in range(10_000))
    ids = [f"I{n}" for n in range(draw(st.integers(1, 6)))]
    lineage = {item: item for item in ids}  # first-version id -> its id now
    walks = []
    for step in range(draw(st.integers(1, 4))):
        mappings: list[dict[str, Any]] = []
        following: list[str] = []
        survivors: dict[str, str] = {}  # id before this step -> id after, 1:1 only
        queue = list(ids)
        while queue:
            item = queue.pop(0)
            kind = draw(st.sampled_from(KINDS))
            if kind == "merged" and not queue:
                kind = "dropped"
            if kind == "same":
                mappings.append({"kind": kind, "from": item, "to": item})
                survivors[item] = item
                following.append(item)
            elif kind == "renamed":
                new = next(fresh)
                mappings.append({"kind": kind, "from": item, "to": new})
                survivors[item] = new
                following.append(new)
            elif kind == "split":
                parts = [next(fresh), next(fresh)]
                mappings.append({"kind": kind, "from": item, "to": parts})
                following.extend(parts)
            elif kind == "merged":
                new = next(fresh)
                mappings.append({"kind": kind, "from": [item, queue.pop(0)], "to": new})
                following.append(new)
            else:
                mappings.append({"kind": kind, "from": item})
        for _ in range(draw(st.integers(0 if mappings else 1, 2))):
            new = next(fresh)
            mappings.append({"kind": "new", "to": new})
            following.append(new)
        walks.append(_walk(f"syn@{step + 1}", f"syn@{step + 2}", *mappings))
        lineage = {first: survivors[now] for first, now in lineage.items() if now in survivors}
        ids = following
    return walks, lineage


@settings(max_examples=200, deadline=None)
@given(chains())
def test_composed_pairs_are_the_true_lineage(chain: tuple[list[Crosswalk], dict[str, str]]) -> None:
    walks, lineage = chain
    assert chained_items(walks) == lineage


@settings(max_examples=200, deadline=None)
@given(chains(), st.randoms(use_true_random=False))
def test_the_chain_is_found_whatever_the_order_and_only_forward(
    chain: tuple[list[Crosswalk], dict[str, str]], shuffle: random.Random
) -> None:
    walks, _lineage = chain
    mixed = list(walks)
    shuffle.shuffle(mixed)
    last = f"syn@{len(walks) + 1}"
    assert crosswalk_chain(mixed, "syn@1", last) == tuple(walks)
    assert crosswalk_chain(mixed, last, "syn@1") is None


@settings(max_examples=200, deadline=None)
@given(chains(), st.data())
def test_composing_is_associative_and_one_to_one(
    chain: tuple[list[Crosswalk], dict[str, str]], data: st.DataObject
) -> None:
    walks, _lineage = chain
    cut = data.draw(st.integers(1, len(walks)))
    head, tail = chained_items(walks[:cut]), chained_items(walks[cut:])
    whole = chained_items(walks)
    if tail or cut < len(walks):
        assert whole == {old: tail[mid] for old, mid in head.items() if mid in tail}
    else:
        assert whole == head
    assert len(set(whole.values())) == len(whole)  # no two old items meet in one new item
    # Every step must map an item: the whole chain keeps no more than its first step.
    assert set(whole) <= set(chained_items(walks[:1]))
