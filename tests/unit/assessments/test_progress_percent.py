"""progress_percent (sets, for the cycle's list) counts as section_progress (item by item)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.assessments.completeness import AnsweredIds, progress_percent, section_progress
from rcapp.rubrics.model import ItemKind
from rcapp.rubrics.registry import RubricRegistry

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics").get("rc-company", 2).rubric
ITEMS = [item.id for _s, _e, item in RUBRIC.iter_items()]
NUMBERS = [item.id for _s, _e, item in RUBRIC.iter_items() if item.kind is ItemKind.NUMBER]
SECTIONS = [section.id for section in RUBRIC.sections]
# Keys drawn often enough to meet every case: all number items, a few level items, sections.
KEYS = NUMBERS + ITEMS[:12] + SECTIONS


@dataclass(frozen=True)
class Row:
    """An answer row as the database holds it (completeness.AnswerLike)."""

    level: int | None
    value: Decimal | None
    is_na: bool
    na_reason: str | None


rows = st.builds(
    Row,
    level=st.none() | st.integers(0, 4),
    value=st.none() | st.just(Decimal("1.5")),
    is_na=st.booleans(),
    na_reason=st.sampled_from([None, "", " \u3000\t", "不适用：无此装置"]),
)


def _item_by_item(answers: dict[str, Row]) -> int:
    sections = section_progress(RUBRIC, answers)
    total = sum(s.total for s in sections)
    return 100 if total == 0 else sum(s.done for s in sections) * 100 // total


def _as_sets(answers: dict[str, Row]) -> AnsweredIds:
    # What queries.answered_ids reads: N/A with a reason that is not blank, a value, a level.
    return AnsweredIds(
        frozenset(i for i, r in answers.items() if r.is_na and (r.na_reason or "").strip()),
        frozenset(i for i, r in answers.items() if r.value is not None),
        frozenset(i for i, r in answers.items() if r.level is not None),
    )


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(KEYS), rows, max_size=30))
def test_sets_count_as_item_by_item(answers: dict[str, Row]) -> None:
    assert progress_percent(RUBRIC, _as_sets(answers)) == _item_by_item(answers)


def test_nothing_everything_and_a_section_declared_na() -> None:
    nothing = AnsweredIds(frozenset(), frozenset(), frozenset())
    assert progress_percent(RUBRIC, nothing) == 0
    every = frozenset(ITEMS)
    assert progress_percent(RUBRIC, AnsweredIds(frozenset(), every, every)) == 100
    na_section = next(s for s in RUBRIC.sections if s.na_allowed)
    declared = AnsweredIds(frozenset({na_section.id}), frozenset(), frozenset())
    in_section = sum(len(e.items) for e in na_section.elements)
    assert progress_percent(RUBRIC, declared) == in_section * 100 // len(ITEMS)
