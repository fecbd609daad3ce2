"""Which rows a page may take as its own after a save (changes.up_to_date, qa38 D2)."""

from __future__ import annotations

from types import SimpleNamespace

from rcapp.assessments.changes import Stored, stored_after, up_to_date


def test_only_rows_the_page_showed_at_their_stored_version_are_taken() -> None:
    rows = {"A": SimpleNamespace(version=3), "B": SimpleNamespace(version=5)}
    versions = {"A": 3, "B": 4, "C": 0, "D": 2, "E": None}
    # A: up to date; B: saved elsewhere since; C: no row, none shown; D: a row shown that
    # is gone; E: no version sent (an import), nothing checked and nothing taken.
    assert up_to_date(versions, rows) == ["A", "C"]


def test_the_rows_are_read_as_the_save_left_them() -> None:
    rows = {"A": SimpleNamespace(version=4, note="新")}
    found = stored_after(["A", "C"], rows, lambda row: {} if row is None else {"note": row.note})
    assert found == (Stored("A", 4, {"note": "新"}), Stored("C", 0, {}))
