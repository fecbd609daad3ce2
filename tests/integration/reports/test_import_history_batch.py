"""The import's audit lookups in one query: each row's saves equal its own query's.

A preview walks back every row the web changed since the export; the saves of all the file's
rows are read at once (import_merge.SavedHistory). A row must get its own saves, newest first,
no other row's and none dropped.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.audit.queries import recent_changes, recent_changes_by_field
from rcapp.reports import documents
from rcapp.reports.import_merge import (
    ANSWER_ACTIONS,
    HISTORY_LIMIT,
    KPI_ACTIONS,
    SavedHistory,
    row_changes,
    saved_befores,
)
from rcapp.reports.importer import plan_import
from rcapp.reports.template_read import read_template
from tests.factories import make_world, start


def save(assessment: Assessment, item_id: str, level: str, user: User) -> None:
    """Save one item's level on its section's page."""
    section = item_id.split(".", 1)[0]
    typed = {item_id: ItemInput(level=level)}
    result = services.save_section(assessment, rubric_of(assessment), section, typed, user)
    assert result.ok, result.problems


def test_the_batched_saves_of_each_row_equal_its_own_query(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    parsed = read_template(documents.template_workbook(assessment, "zh"))
    # Changed on the web after the export: three items saved 1, 2 and 3 times, two KPI
    # inputs; the sheet's other rows are unchanged.
    saves = {"MS.G1.1": ["1", "2", "3"], "MS.G1.2": ["1"], "C1.E1.1": ["3", "1"]}
    for item_id, levels in saves.items():
        for level in levels:
            save(assessment, item_id, level, world.user_a)
    for value in ("5", "6"):
        save_kpi_inputs(assessment, rubric, {"drills": KpiEntry(value)}, world.user_a)
    save_kpi_inputs(assessment, rubric, {"lti_employees": KpiEntry("1")}, world.user_a)
    items = {row.subject for row in parsed.rows if row.sheet_key in ("MS", "C1", "C6")}
    assert set(saves) < items
    assert {"C1.E1.2", "C6.E1.1"} <= items  # unchanged rows beside the changed ones

    plan = plan_import(assessment, rubric, parsed)
    history = plan.history
    counts: dict[str, int] = {}
    for row in parsed.rows:
        for actions in (ANSWER_ACTIONS, KPI_ACTIONS):
            alone = recent_changes("assessment", assessment.id, row.subject, actions, HISTORY_LIMIT)
            batched = history.entries(row.subject, actions)
            assert [e.id for e in batched] == [e.id for e in alone], row.subject
            if alone:
                counts[row.subject] = len(alone)
            single = SavedHistory(assessment.id, ())  # asks the audit log row by row
            assert saved_befores(row_changes(history, row.subject, actions), ("value",)) == (
                saved_befores(row_changes(single, row.subject, actions), ("value",))
            )
    assert counts == {"MS.G1.1": 3, "MS.G1.2": 1, "C1.E1.1": 2, "drills": 2, "lti_employees": 1}


def test_each_field_keeps_its_own_newest_entries(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    for item_id, level in (("MS.G1.1", "1"), ("MS.G1.2", "1"), ("MS.G1.1", "3"), ("MS.G1.1", "2")):
        save(assessment, item_id, level, world.user_a)
    fields = ["MS.G1.1", "MS.G1.2", "C1.E1.1"]
    found = recent_changes_by_field("assessment", assessment.id, fields, ANSWER_ACTIONS, 2)
    for name in fields:
        alone = recent_changes("assessment", assessment.id, name, ANSWER_ACTIONS, 2)
        assert [e.id for e in found[name]] == [e.id for e in alone]
    assert [len(found[name]) for name in fields] == [2, 1, 0]
