"""The discrepancy map says which of the rubric's items it leaves out, and why.

rc-company has 192 items; two are number items kept for information only (no bands,
weight 0), which have no level, so the map compared 190 while the progress counted 192.
Every item is now either a row of the map or named as left out: the counts agree.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from rcapp.reviews.consolidation import discrepancy_map
from rcapp.rubrics.model import ItemKind, Rubric
from rcapp.rubrics.registry import RubricRegistry

ROOT = Path(__file__).resolve().parents[3]


def _card(rubric: Rubric, unanswered: frozenset[str] = frozenset()) -> Any:
    """A scorecard as the engine gives it: no level for unscored numbers and unanswered items."""

    def level(item: Any) -> int | None:
        if item.id in unanswered or (item.kind is ItemKind.NUMBER and not item.bands):
            return None
        return 1

    sections = [
        SimpleNamespace(
            section_id=section.id,
            score=None,
            elements=[
                SimpleNamespace(
                    items=[
                        SimpleNamespace(item_id=i.id, is_na=False, claimed_level=level(i))
                        for i in element.items
                    ]
                )
                for element in section.elements
            ],
        )
        for section in rubric.sections
    ]
    return SimpleNamespace(sections=sections)


@pytest.mark.parametrize("version", [1, 2])
def test_every_item_is_a_row_or_named_as_left_out(version: int) -> None:
    rubric = RubricRegistry(ROOT / "rubrics").get("rc-company", version).rubric
    review = cast(Any, SimpleNamespace(submitted_assignments=(), settlements=[]))
    found = discrepancy_map(review, rubric, _card(rubric))
    every = [item.id for _s, _e, item in rubric.iter_items()]
    assert len(every) == 192
    assert len(found.rows) + len(found.left_out) == len(every)
    assert found.left_out.unscored == ("C2.E8.3", "C5.E6.3")
    assert found.left_out.no_level == ()


def test_an_item_without_a_self_level_is_named_apart_from_the_unscored_ones() -> None:
    rubric = RubricRegistry(ROOT / "rubrics").get("rc-company", 2).rubric
    review = cast(Any, SimpleNamespace(submitted_assignments=(), settlements=[]))
    found = discrepancy_map(review, rubric, _card(rubric, frozenset({"MS.G1.2"})))
    assert found.left_out.no_level == ("MS.G1.2",)
    assert len(found.rows) + len(found.left_out) == 192
