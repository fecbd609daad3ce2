"""Which prerequisites answered 是 lack their evidence file: parks and companies alike.

A prerequisite rcapp checks against its own data (the core KPI data: rc-company's P6, pinned)
needs no file; one answered 否 or not at all is not this rule's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rcapp.assessments.completeness import missing_parts, unfiled_prerequisites
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.model import Rubric

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"


@dataclass(frozen=True)
class _Answer:
    level: int | None
    value: None = None
    is_na: bool = False
    na_reason: None = None


def _rubric(kind: str) -> Rubric:
    return load_rubric(RUBRICS / kind / "v2.yaml").rubric


def test_a_park_yes_without_a_file_is_named_with_what_to_upload() -> None:
    rubric = _rubric("rc-park")
    answers = {p.id: _Answer(1) for p in rubric.prerequisites}
    filed = {p.id for p in rubric.prerequisites[1:]}
    assert [p.id for p in unfiled_prerequisites(rubric, answers, filed)] == ["P1"]
    parts = [
        m for m in missing_parts(rubric, answers, (), filed=filed) if m.kind == "prerequisite_file"
    ]
    assert [(m.subject_id, m.hint and m.hint.zh) for m in parts] == [
        ("P1", rubric.prerequisites[0].guidance and rubric.prerequisites[0].guidance.zh)
    ]
    assert not [m for m in missing_parts(rubric, answers, ()) if m.kind == "prerequisite_file"]


def test_a_company_needs_a_file_for_each_yes_but_the_kpi_data_prerequisite() -> None:
    rubric = _rubric("rc-company")
    answers = {p.id: _Answer(1) for p in rubric.prerequisites}
    answers["P2"] = _Answer(0)
    unfiled = [p.id for p in unfiled_prerequisites(rubric, answers, ())]
    assert "P6" not in unfiled  # rcapp checks the KPI data itself
    assert "P2" not in unfiled  # answered 否: unmet anyway
    assert unfiled == [p.id for p in rubric.prerequisites if p.id not in ("P2", "P6")]
