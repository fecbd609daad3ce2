"""The roster's progress, read for a whole year at once, equals each assessment's own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.roster import progress_of, roster
from rcapp.assessments.validation import ItemInput
from rcapp.clock import beijing_today
from rcapp.organisations.models import CommitmentStatus
from tests.factories import fill_complete, make_organisation, make_user, make_world, start


def test_progress_of_every_row_equals_the_assessments_own(db_session: Session) -> None:
    world = make_world()
    empty = start(world)
    partial = start(world, world.org_b)
    rubric = rubric_of(partial)
    half = {"MS.G1.1": ItemInput(level="2")}
    assert services.save_section(partial, rubric, "MS", half, world.user_b).ok
    numbers = {"C1.E1.1": ItemInput(level="1"), "C1.E1.2": ItemInput(value="4")}
    assert services.save_section(partial, rubric, "C1", numbers, world.user_b).ok
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

    rows = roster(world.cycle, beijing_today(), with_progress=True)
    found = {row.organisation.id: row.progress for row in rows}
    expected = {a.organisation_id: progress_of(a) for a in (empty, partial, na_section, complete)}
    assert {k: found[k] for k in expected} == expected
    assert expected[empty.organisation_id] == 0
    assert expected[complete.organisation_id] == 100
    for between in (partial, na_section):
        assert expected[between.organisation_id] in range(1, 100)
    assert all(row.progress is None for row in roster(world.cycle, beijing_today()))
