"""What an organisation changed between two submissions, from the audit log (qa49 #3, #4, #7)."""

from __future__ import annotations

import dataclasses
import io

from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.carry_over import copy_from_previous
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.submission_changes import Claim, changes_since_last_submission
from rcapp.assessments.validation import EventInput, ItemInput, KpiEntry
from tests.factories import (
    FULL_KPIS,
    World,
    fill_complete,
    make_cycle,
    make_world,
    start,
    submitted_assessment,
)
from tests.integration.assessments.test_assessment_data_services import PDF

RELEASE = EventInput(
    event_type="safety_accident",
    grade="general",
    occurred_on=local_today().replace(day=1).isoformat(),
    fatalities="0",
    description="氯乙烯泄漏约120千克",
)


def _with_event(world: World) -> tuple[Assessment, Event]:
    assessment = submitted_assessment(world)
    services.return_assessment(assessment, "请补充证据", world.secretariat)
    event, problems = services.add_event(assessment, rubric_of(assessment), RELEASE, world.user_a)
    assert event is not None, problems
    services.submit_assessment(assessment, world.user_a)
    return assessment, event


def test_a_first_submission_has_nothing_to_compare_with(db_session: Session) -> None:
    assessment = submitted_assessment(make_world())
    assert changes_since_last_submission(assessment) is None


def test_a_raised_item_and_a_deleted_event_after_a_return_are_both_listed(
    db_session: Session,
) -> None:
    world = make_world()
    assessment, event = _with_event(world)
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "再次退回", world.secretariat)
    saved = services.save_section(
        assessment,
        rubric,
        "MS",
        {"MS.G1.1": ItemInput(level="4", evidence_note="新证据")},
        world.user_a,
    )
    assert saved.ok, saved.problems
    services.add_attachment(assessment, rubric, "MS.G1.1", "a.pdf", io.BytesIO(PDF), world.user_a)
    services.save_kpi_inputs(assessment, rubric, {"lti_employees": KpiEntry("0")}, world.user_a)
    event_id = event.id
    services.delete_event(assessment, event, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()

    found = changes_since_last_submission(assessment)
    assert found is not None
    assert found.basis == "resubmission"
    (item,) = found.items
    assert (item.item_id, item.before, item.after) == (
        "MS.G1.1",
        Claim(3, False, None),
        Claim(4, False, None),
    )
    assert (item.evidence_added, item.evidence_removed) == (1, 0)
    assert [(k.input_id, k.before, k.after) for k in found.kpis] == [("lti_employees", "2", "0")]
    (deleted,) = found.events
    assert (deleted.event_id, deleted.kind) == (event_id, "deleted")
    assert deleted.values["description"] == "氯乙烯泄漏约120千克"
    assert deleted.values["event_type"] == "safety_accident"
    assert deleted.values["grade"] == "general"
    assert deleted.by == world.user_a.name
    assert found.deleted_events == 1
    assert found.count == 3


def test_what_was_changed_back_or_added_and_deleted_again_is_no_change(
    db_session: Session,
) -> None:
    world = make_world()
    assessment, _event = _with_event(world)
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "再次退回", world.secretariat)
    for level in ("4", "3"):
        services.save_section(
            assessment, rubric, "MS", {"MS.G1.1": ItemInput(level=level)}, world.user_a
        )
    other = dataclasses.replace(RELEASE, description="另一次泄漏")
    added, _ = services.add_event(assessment, rubric, other, world.user_a)
    assert added is not None
    services.delete_event(assessment, added, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()

    found = changes_since_last_submission(assessment)
    assert found is not None
    assert found.count == 0


def test_returned_and_not_yet_resubmitted_shows_the_edits_so_far(db_session: Session) -> None:
    world = make_world()
    assessment, event = _with_event(world)
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "再次退回", world.secretariat)
    services.save_section(
        assessment,
        rubric,
        "C6",
        {"C6.E1.1": ItemInput(is_na=True, na_reason="本单位不生产或经营任何化学品")},
        world.user_a,
    )
    services.update_event(
        assessment,
        rubric,
        event,
        dataclasses.replace(RELEASE, grade="larger", fatalities="3"),
        world.user_a,
    )
    db_session.commit()

    found = changes_since_last_submission(assessment)
    assert found is not None
    assert found.until is None
    assert [(c.item_id, c.before.level, c.after.is_na) for c in found.items] == [
        ("C6.E1.1", 2, True)
    ]
    (changed,) = found.events
    assert changed.kind == "changed"
    assert set(changed.changed) == {"grade", "fatalities"}


def test_a_first_submission_copied_from_last_year_lists_the_items_changed_since(
    db_session: Session,
) -> None:
    world = make_world()
    last_year = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    fill_complete(last_year, world.user_a)
    assessment = start(world)
    rubric = rubric_of(assessment)
    copy_from_previous(assessment, rubric, world.user_a)
    saved = services.save_section(
        assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="4")}, world.user_a
    )
    assert saved.ok, saved.problems
    services.save_kpi_inputs(assessment, rubric, FULL_KPIS, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()

    found = changes_since_last_submission(assessment)
    assert found is not None
    assert found.basis == "last_year"
    assert [(c.item_id, c.before.level, c.after.level) for c in found.items] == [("MS.G1.1", 3, 4)]
    assert found.kpis == ()  # typed afresh each year: not compared
    assert found.events == ()
