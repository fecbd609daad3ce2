"""The roster read in parts equals it read whole: progress per page, counts from columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.completeness import section_progress
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus
from rcapp.assessments.queries import answers_by_item, rubric_of
from rcapp.assessments.roster import counts, roster, status_counts, with_progress
from rcapp.assessments.validation import ItemInput
from rcapp.clock import beijing_today
from rcapp.organisations.models import CommitmentStatus
from tests.factories import (
    fill_complete,
    make_assessment,
    make_cycle,
    make_organisation,
    make_user,
    make_world,
    start,
)


def _one_by_one(assessment: Assessment) -> int:
    """Progress as the overview page counts it: item by item over the loaded answers."""
    sections = section_progress(rubric_of(assessment), answers_by_item(assessment))
    total = sum(s.total for s in sections)
    return 100 if total == 0 else sum(s.done for s in sections) * 100 // total


def test_progress_of_every_row_equals_the_assessments_own(db_session: Session) -> None:
    world = make_world()
    empty = start(world)
    partial = start(world, world.org_b)
    rubric = rubric_of(partial)
    half = {"MS.G1.1": ItemInput(level="2")}
    assert services.save_section(partial, rubric, "MS", half, world.user_b).ok
    numbers = {"C1.E1.1": ItemInput(level="1"), "C1.E1.2": ItemInput(value="4")}
    assert services.save_section(partial, rubric, "C1", numbers, world.user_b).ok
    # N/A with a reason of only blanks (an ideographic space) is no answer, in SQL as here.
    db_session.add(Answer(assessment=partial, item_id="MS.G1.2", is_na=True, na_reason="\u3000 "))
    third = make_organisation()
    na_section = services.get_or_start_assessment(third, world.cycle, make_user(third))
    declared = ItemInput(is_na=True, na_reason="不生产销售化学品")
    assert services.save_section(na_section, rubric, "C6", {}, world.user_a, section_na=declared).ok
    fourth = make_organisation()
    complete = services.get_or_start_assessment(fourth, world.cycle, make_user(fourth))
    fill_complete(complete, world.user_a)
    make_organisation(commitment_status=CommitmentStatus.SIGNED)  # not started
    db_session.commit()
    db_session.expire_all()

    rows = with_progress(roster(world.cycle, beijing_today()))
    found = {row.organisation.id: row.progress for row in rows}
    expected = {a.organisation_id: _one_by_one(a) for a in (empty, partial, na_section, complete)}
    assert {k: found[k] for k in expected} == expected
    assert expected[empty.organisation_id] == 0
    assert expected[complete.organisation_id] == 100
    for between in (partial, na_section):
        assert expected[between.organisation_id] in range(1, 100)
    assert all(row.progress is None for row in roster(world.cycle, beijing_today()))


def test_status_counts_equal_the_rosters_tally(db_session: Session) -> None:
    """Every status, late and open, counted from columns as from the rows."""
    cycle = make_cycle(year=2025, deadline=dt.date(2025, 3, 31))
    signed = {"commitment_status": CommitmentStatus.SIGNED}
    make_organisation(**signed)  # not started
    make_assessment(make_organisation(**signed), cycle)  # draft
    make_assessment(make_organisation(), cycle, status=AssessmentStatus.RETURNED)  # unsigned
    on_time = dt.datetime(2025, 3, 31, 15, 0, tzinfo=dt.UTC)  # 23:00 in Beijing: on time
    late = dt.datetime(2025, 3, 31, 16, 30, tzinfo=dt.UTC)  # 00:30 the next day: late
    for submitted_at in (on_time, late, None):
        make_assessment(
            make_organisation(**signed),
            cycle,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=submitted_at,
        )
    make_organisation()  # neither signed nor started: not in the roster
    # started, then its commitment suspended: listed, open, not reminded (paused)
    make_assessment(make_organisation(commitment_status=CommitmentStatus.SUSPENDED), cycle)
    make_assessment(  # withdrawn after submitting on time: not open, so not counted paused
        make_organisation(commitment_status=CommitmentStatus.WITHDRAWN),
        cycle,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=on_time,
    )
    db_session.commit()
    for today in (dt.date(2025, 3, 1), dt.date(2025, 4, 2)):  # before and after the deadline
        counted = status_counts(cycle, today)
        assert counted == counts(roster(cycle, today))
        assert counted["all"] == 8
        assert counted["submitted"] == 4
        assert counted["open"] == 4
        assert counted["paused"] == 1
    assert status_counts(cycle, dt.date(2025, 4, 2))["late"] == 5  # 1 late + 4 open, overdue
    assert status_counts(cycle, dt.date(2025, 3, 1))["late"] == 1
