"""evidence_caps: which stored answers count lower for want of a file, as scoring counts them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.assessments.completeness import Capped, caps_once_last_file_gone, evidence_caps
from rcapp.rubrics.model import ItemKind
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring import Answer
from rcapp.scoring.items import score_item

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics").get("rc-company", 2).rubric
# A maturity item whose rule wants evidence from level 2 and a file from level 3.
SECTION, _ELEMENT, ITEM = next(
    (s, e, i)
    for s, e, i in RUBRIC.iter_items()
    if i.kind is ItemKind.MATURITY
    and i.evidence is not None
    and (i.evidence.from_level, i.evidence.file_from_level) == (2, 3)
)


@dataclass(frozen=True)
class Row:
    level: int | None = None
    value: Decimal | None = None
    is_na: bool = False
    na_reason: str | None = None
    evidence_note: str | None = None


@pytest.mark.parametrize(
    ("level", "note", "filed", "capped"),
    [
        (3, "记录", False, (3, 2, True)),  # a description is not a file from level 3
        (4, "", False, (4, 1, False)),  # no evidence at all
        (2, "记录", False, None),  # a description is enough below level 3
        (4, "", True, None),  # a file is evidence for every level
        (1, "", False, None),  # below the rule
    ],
)
def test_a_capped_item_counts_as_the_scoring_counts_it(
    level: int, note: str, filed: bool, capped: tuple[int, int, bool] | None
) -> None:
    row = Row(level=level, evidence_note=note)
    found = evidence_caps(RUBRIC, {ITEM.id: row}, {ITEM.id} if filed else set())
    expected = [] if capped is None else [Capped(ITEM.id, SECTION.id, *capped)]
    assert found == expected
    scored = score_item(
        ITEM,
        Answer(
            level=level,
            evidence=(note,) if note else (),
            files=("f.pdf",) if filed else (),
        ),
    )
    assert scored.effective_level == (level if capped is None else capped[1])


def test_items_of_a_section_declared_na_and_of_other_sections_are_not_capped() -> None:
    row = Row(level=4)
    assert evidence_caps(RUBRIC, {ITEM.id: row}, set(), {"no-such-section"}) == []
    na_section = next(s for s in RUBRIC.sections if s.na_allowed)
    item = next(i for e in na_section.elements for i in e.items if i.evidence is not None)
    answers = {item.id: Row(level=4), na_section.id: Row(is_na=True, na_reason="不生产")}
    assert evidence_caps(RUBRIC, answers, set()) == []


def _capped_one_at_a_time(
    answers: dict[str, Row], files: dict[str, int], section: str
) -> dict[str, tuple[Capped, ...]]:
    """The former rule: per item with one file, the caps after minus the caps now."""
    filed = {item_id for item_id, count in files.items() if count}
    now = {c.item_id for c in evidence_caps(RUBRIC, answers, filed, {section})}
    return {
        item_id: tuple(
            c
            for c in evidence_caps(RUBRIC, answers, filed - {item_id}, {section})
            if c.item_id not in now
        )
        for item_id, count in files.items()
        if count == 1
    }


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_caps_on_deleting_a_last_file_are_those_of_deleting_it_alone(data: st.DataObject) -> None:
    section = data.draw(st.sampled_from([s for s in RUBRIC.sections if s.elements]))
    items = [i for e in section.elements for i in e.items]
    answers = {
        item.id: Row(
            level=data.draw(st.none() | st.integers(0, 4)),
            value=data.draw(st.none() | st.decimals(0, 200, places=1)),
            is_na=data.draw(st.booleans()) and data.draw(st.booleans()),
            evidence_note=data.draw(st.sampled_from(["", "记录", None])),
        )
        for item in items
    }
    files = {item.id: data.draw(st.integers(0, 3)) for item in items}
    single = [item_id for item_id, count in files.items() if count == 1]
    expected = _capped_one_at_a_time(answers, files, section.id)
    assert caps_once_last_file_gone(RUBRIC, answers, single, {section.id}) == expected


def test_deleting_the_one_file_of_either_of_two_items_caps_that_item_only() -> None:
    other = next(i for s, _, i in RUBRIC.iter_items() if s == SECTION and i.evidence and i != ITEM)
    answers = {ITEM.id: Row(level=4), other.id: Row(level=4, evidence_note="记录")}
    files = {ITEM.id: 1, other.id: 1}
    found = caps_once_last_file_gone(RUBRIC, answers, list(files), {SECTION.id})
    assert found == _capped_one_at_a_time(answers, files, SECTION.id)
    assert [c.item_id for c in found[ITEM.id]] == [ITEM.id]
    assert [c.item_id for c in found[other.id]] in ([other.id], [])
