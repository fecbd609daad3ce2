"""start_hint: the nearly-empty rule at its edge, and the evidence level of each rubric version."""

from __future__ import annotations

from pathlib import Path

from rcapp.assessments.completeness import SectionProgress
from rcapp.assessments.start_hint import EvidenceLevel, evidence_level, nearly_empty
from rcapp.rubrics.registry import RubricRegistry

REGISTRY = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")
SECTION = REGISTRY.get("rc-company", 2).rubric.sections[0]


def _rows(*pairs: tuple[int, int], na: int = 0) -> list[SectionProgress]:
    rows = [SectionProgress(SECTION, done, total, False) for done, total in pairs]
    return rows + [SectionProgress(SECTION, 0, 50, True)] * na


def test_nearly_empty_below_a_tenth_of_the_items() -> None:
    assert nearly_empty(_rows((0, 100)))
    assert nearly_empty(_rows((9, 60), (0, 40)))
    assert not nearly_empty(_rows((10, 60), (0, 40)))
    # A section declared N/A neither counts as answered nor as open.
    assert nearly_empty(_rows((4, 50), na=2))
    assert not nearly_empty(_rows((5, 50), na=2))
    assert not nearly_empty([])


def test_the_evidence_level_is_read_from_each_rubric_version() -> None:
    # Version 2 wants a file from level 3 on every item with a rule.
    assert evidence_level(REGISTRY.get("rc-company", 2).rubric) == EvidenceLevel(3, True, True)
    assert evidence_level(REGISTRY.get("rc-park", 2).rubric) == EvidenceLevel(3, True, True)
    # Version 1 has no file rule: evidence (a note will do), mostly from level 2.
    assert evidence_level(REGISTRY.get("rc-company", 1).rubric) == EvidenceLevel(2, False, False)
    assert evidence_level(REGISTRY.get("rc-park", 1).rubric) == EvidenceLevel(2, False, False)
