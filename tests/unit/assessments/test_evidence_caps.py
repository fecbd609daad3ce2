"""evidence_caps: which stored answers count lower for want of a file, as scoring counts them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.completeness import Capped, evidence_caps
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
