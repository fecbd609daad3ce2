"""What changed between rubric versions, read from the crosswalks (qa9 D1)."""

from __future__ import annotations

from pathlib import Path

from rcapp.rubrics.crosswalk import MappingKind, load_crosswalk
from rcapp.rubrics.version_changes import other_ids, version_changes

CROSSWALKS = Path(__file__).resolve().parents[3] / "rubrics" / "crosswalks"


def test_changes_of_the_company_rubric_from_version_1_to_2() -> None:
    changes = version_changes([load_crosswalk(CROSSWALKS / "rc-company-1-to-2.yaml")])
    assert changes is not None
    assert (changes.old_version, changes.new_version) == (1, 2)
    assert len(changes.notes) == 1
    assert sorted(i for m in changes.new for i in m.to_ids) == [
        "C3.E3.4", "C4.E11.1", "C4.E11.2", "MS.G12.4", "MS.G2.4", "MS.G5.5", "MS.G5.6",
    ]  # fmt: skip
    assert sorted(i for m in changes.dropped for i in m.from_ids) == [
        "MS.G12.3", "MS.G5.2", "MS.G5.3",
    ]  # fmt: skip
    by_item = changes.by_new_item()
    assert by_item["MS.G4.3"].kind is MappingKind.MERGED
    assert other_ids(by_item["MS.G4.3"]) == ["C5.E1.2"]
    assert "MS.G1.1" not in by_item  # the same item is no change


def test_no_step_is_no_change() -> None:
    assert version_changes(()) is None
