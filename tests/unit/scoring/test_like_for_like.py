"""Like for like: a changed section of two years scored on its unchanged items only.

Table-driven on the mini rubric's crosswalk (v1 -> v2) and the real rc-company one, and
property-based on random rubrics: the figure follows the engine's element and section
rules, identical answers give equal figures, and an item found in one version only never
moves it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.rubrics.crosswalk import load_crosswalk
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.unchanged import unchanged_items
from rcapp.rubrics.year_compare import comparability
from rcapp.scoring import Answer
from rcapp.scoring.like_for_like import item_fractions, like_for_like

from .builders import score
from .strategies import Case, answers_for, cases

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data"
V1 = load_rubric(DATA / "rubrics" / "mini-company" / "v1.yaml").rubric
V2 = load_rubric(DATA / "crosswalks" / "mini-company-v2.yaml").rubric
WALK = load_crosswalk(ROOT / "rubrics" / "crosswalks" / "example-mini-company-1-to-2.yaml")
RC1 = load_rubric(ROOT / "rubrics" / "rc-company" / "v1.yaml").rubric
RC2 = load_rubric(ROOT / "rubrics" / "rc-company" / "v2.yaml").rubric
RC_WALK = load_crosswalk(ROOT / "rubrics" / "crosswalks" / "rc-company-1-to-2.yaml")


def test_the_unchanged_items_of_each_section() -> None:
    found = unchanged_items(V1, V2, (WALK,))
    # MS.G1.2 was renamed MS.G2.1 within MS: unchanged. C1's items were split or dropped;
    # C6 kept C6.E1.1 and gained C6.E1.2 (new: never counts).
    assert found == {
        "MS": {"MS.G1.1": "MS.G1.1", "MS.G2.1": "MS.G1.2"},
        "C1": {},
        "C6": {"C6.E1.1": "C6.E1.1"},
    }
    assert unchanged_items(V1, V2, None) == {}  # no crosswalk: nothing is the same
    same = unchanged_items(V1, V1, ())
    assert same["C1"] == {"C1.E1.1": "C1.E1.1", "C1.E1.2": "C1.E1.2"}


def test_real_rubric_sections_that_do_not_compare_keep_their_unchanged_items() -> None:
    compares = comparability(RC1, RC2, RC_WALK)
    found = unchanged_items(RC1, RC2, (RC_WALK,))
    for section_id, changed in compares.changed.items():
        kept = found[section_id]
        assert not set(kept) & set(changed)  # an item listed as changed never counts
        assert not set(kept.values()) & set(changed)
        ids_v1 = {i.id for s, _e, i in RC1.iter_items() if s.id == section_id}
        ids_v2 = {i.id for s, _e, i in RC2.iter_items() if s.id == section_id}
        assert set(kept) <= ids_v2
        assert set(kept.values()) <= ids_v1
    assert "MS.G4.3" not in found["MS"]  # merged in version 2
    assert "MS.G1.1" in found["MS"]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # C6.E1.1 at level 2 with evidence (0.5) in 2024, level 4 in 2025; C6.E1.2 is new.
        ({"C6.E1.1": Decimal("0.5")}, {"C6.E1.1": 1, "C6.E1.2": 0}, ("50.0", "100.0")),
        # The new item's answer does not count, whatever it is.
        ({"C6.E1.1": Decimal("0.5")}, {"C6.E1.1": Decimal("0.5"), "C6.E1.2": 1}, ("50.0", "50.0")),
        # N/A (no fraction) leaves nothing to score that year.
        ({"C6.E1.1": None}, {"C6.E1.1": 1, "C6.E1.2": 1}, (None, "100.0")),
    ],
)
def test_a_section_on_its_unchanged_items(
    before: dict[str, Decimal | None],
    after: dict[str, Decimal | int],
    expected: tuple[str | None, str | None],
) -> None:
    c6 = next(s for s in V2.sections if s.id == "C6")
    found = like_for_like(
        c6, {"C6.E1.1": "C6.E1.1"}, before, {k: Decimal(v) for k, v in after.items()}
    )
    assert found.items == ("C6.E1.1",)
    shown = tuple(None if v is None else str(v) for v in (found.before, found.after))
    assert shown == expected


def test_no_unchanged_item_scores_nothing() -> None:
    c1 = next(s for s in V2.sections if s.id == "C1")
    found = like_for_like(c1, {}, {"C1.E1.1": Decimal(1)}, {"C1.E1.3": Decimal(1)})
    assert (found.items, found.before, found.after) == ((), None, None)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_with_every_item_unchanged_it_is_the_engines_section_score(case: Case) -> None:
    card = case.card()
    fractions = item_fractions(card)
    for section, shown in zip(case.rubric.sections, card.sections, strict=True):
        same = {item.id: item.id for e in section.elements for item in e.items}
        found = like_for_like(section, same, fractions, fractions)
        assert found.before == found.after == shown.score


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_identical_answers_give_equal_figures_and_other_items_never_count(
    case: Case, data: st.DataObject
) -> None:
    every = [item for _s, _e, item in case.rubric.iter_items()]
    kept = data.draw(st.sets(st.sampled_from([item.id for item in every])))
    # Last year's ids are this year's with a prefix: the same items, renamed.
    card = case.card()
    now = item_fractions(card)
    last = {f"old-{item_id}": fraction for item_id, fraction in now.items()}
    # Answers to the other items change at random, this year and last.
    other: dict[str, Answer] = dict(case.answers)
    for item in every:
        if item.id not in kept:
            answer = data.draw(answers_for(item))
            if answer is None:
                other.pop(item.id, None)
            else:
                other[item.id] = answer
    changed = item_fractions(score(case.rubric, other))
    for section in case.rubric.sections:
        unchanged = {
            item.id: f"old-{item.id}"
            for e in section.elements
            for item in e.items
            if item.id in kept
        }
        found = like_for_like(section, unchanged, last, now)
        assert found.before == found.after
        assert set(found.items) <= kept
        moved = like_for_like(section, unchanged, last, changed)
        assert moved.after == found.after
        assert moved.items == found.items
