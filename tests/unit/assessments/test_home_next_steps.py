"""The home card's next steps: a yes/no item is raised to "yes", not to "level 1"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from rcapp.assessments.home_todo import _next_steps
from rcapp.rubrics.model import ItemKind
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.scorecard import PathStep

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics").get("rc-company", 2).rubric


def test_a_yes_no_step_is_marked_and_a_level_step_is_not() -> None:
    items = [item for _section, _element, item in RUBRIC.iter_items()]
    yes_no = next(i for i in items if i.kind is ItemKind.YES_NO)
    levelled = next(i for i in items if i.kind is not ItemKind.YES_NO)
    steps = [PathStep(yes_no.id, 0, 1, True), PathStep(levelled.id, 2, 3, True)]
    card = cast(Any, SimpleNamespace(path=SimpleNamespace(steps=steps)))
    found = _next_steps(RUBRIC, card, "zh")
    assert [(s.item_id, s.to_level, s.yes_no) for s in found] == [
        (yes_no.id, 1, True),
        (levelled.id, 3, False),
    ]
