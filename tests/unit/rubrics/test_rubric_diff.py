"""rubric_diff names the items and KPIs one rubric version adds, removes and changes (QA58 1)."""

from __future__ import annotations

import pytest

from rcapp.rubrics.rubric_diff import rubric_diff
from tests.real_rubrics import REGISTRY


def _ids(parts: tuple[object, ...]) -> set[str]:
    return {part.id for part in parts}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "added_items", "added_kpis"),
    [
        ("rc-park", {"PK3.E5.1", "PK3.E5.2", "PK7.E1.3"}, 2),
        ("rc-company", {"MS.G2.4", "C4.E11.1"}, 8),
    ],
)
def test_a_newer_version_adds_what_the_older_lacks_and_back_again(
    kind: str, added_items: set[str], added_kpis: int
) -> None:
    old, new = REGISTRY.get(kind, 1).rubric, REGISTRY.get(kind, 2).rubric
    forward, backward = rubric_diff(old, new), rubric_diff(new, old)
    assert added_items <= _ids(forward.items.added)
    assert len(forward.kpis.added) == added_kpis
    # Going back to the older version removes exactly what the newer one added.
    assert _ids(backward.items.removed) == _ids(forward.items.added)
    assert _ids(backward.items.added) == _ids(forward.items.removed)
    assert _ids(backward.kpis.changed) == _ids(forward.kpis.changed)
    assert forward
    assert backward


def test_the_same_version_changes_nothing() -> None:
    rubric = REGISTRY.get("rc-park", 2).rubric
    assert not rubric_diff(rubric, rubric)


def test_a_changed_item_is_named_by_its_newer_prompt() -> None:
    old = REGISTRY.get("rc-park", 2).rubric
    section = old.sections[0]
    element = section.elements[0]
    item = element.items[0]
    renamed = item.model_copy(update={"prompt": item.prompt.model_copy(update={"zh": "新的说法"})})
    new = old.model_copy(
        update={
            "sections": (
                section.model_copy(
                    update={
                        "elements": (
                            element.model_copy(update={"items": (renamed, *element.items[1:])}),
                            *section.elements[1:],
                        )
                    }
                ),
                *old.sections[1:],
            )
        }
    )
    diff = rubric_diff(old, new)
    assert [(p.id, p.name.zh) for p in diff.items.changed] == [(item.id, "新的说法")]
    assert not diff.items.added
    assert not diff.items.removed
    assert not diff.kpis
    assert diff.items.changed[0].aspects == ("prompt",)  # what of it changed (qa62 #2)
    assert diff.items.aspect_counts() == (("prompt", 1),)


def test_each_changed_part_names_the_fields_that_differ_and_the_counts_add_up() -> None:
    old, new = REGISTRY.get("rc-company", 1).rubric, REGISTRY.get("rc-company", 2).rubric
    diff = rubric_diff(old, new)
    assert all(part.aspects for part in diff.items.changed + diff.kpis.changed)
    for changes in (diff.items, diff.kpis):
        counted = dict(changes.aspect_counts())
        for aspect, count in counted.items():
            assert count == sum(aspect in part.aspects for part in changes.changed)
        assert list(counted.values()) == sorted(counted.values(), reverse=True)


def test_veto_rules_are_compared_and_named_as_the_errata_word_them() -> None:
    old, new = REGISTRY.get("rc-company", 1).rubric, REGISTRY.get("rc-company", 2).rubric

    vetoes = rubric_diff(old, new).vetoes

    assert _ids(vetoes.added) == {"V9", "V10"}
    changed = {part.id: part for part in vetoes.changed}
    assert "window_months" not in changed["V1"].aspects  # 36 months in both
    assert changed["V1"].name.en.startswith("Production-safety accident of larger grade or above")
    named = " ".join(part.name.en for part in (*vetoes.added, *vetoes.changed)).lower()
    assert "or worse" not in named
    assert "hidden danger" not in named
