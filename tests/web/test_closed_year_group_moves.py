"""A closed year keeps its working groups and signatories (cycles.closed_groups, qa45 D2).

A member moved to another group after the close vanished from its group's pages of the
closed year (planning, the year's members list), joined the other group's, and the
regenerated annual workbook counted it (and a commitment suspended later) as of today.
The close now keeps each membership and signatory; an open year reads today's.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.cycles import services as cycle_services
from rcapp.cycles.closed_groups import groups_of, in_group_by_cycle, member_ids
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus, Organisation
from rcapp.reports.data_annual import build_annual_data
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)
from tests.factories_reviews import make_review_world, reviewers_of, submit_and_finalise
from tests.integration.reports.test_scorecard_peer import _finalised
from tests.web.helpers import page_text
from tests.web.reports.test_action_exports import ACTION
from tests.web.reports.test_downloads import all_values, workbook


def _in_group_that_year(group_id: int, cycle: ReportingCycle) -> set[int]:
    statement = (
        select(Organisation.id)
        .join(ReportingCycle, ReportingCycle.id == cycle.id)
        .where(in_group_by_cycle(group_id, ReportingCycle.id))
    )
    from rcapp import db

    return set(db.session().scalars(statement))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_member_moved_after_the_close_stays_in_its_old_group_in_that_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    moved = world.companies[0]
    moved.name_zh, moved.name_en = "海澄农化有限公司", "Haicheng Agrochem Co."
    for company in world.companies:
        company.commitment_status = CommitmentStatus.SIGNED
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead)
    other = make_working_group(name_zh="储运安全工作组", name_en="Storage Group")
    other_lead = make_user(make_organisation())
    make_group_role(other_lead, other, GroupRole.LEAD)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    before = build_annual_data(world.cycle, "zh")
    # After the close: moved to the other group, its commitment suspended.
    world.group.organisations.remove(moved)
    other.organisations.append(moved)
    moved.commitment_status = CommitmentStatus.SUSPENDED
    next_year = make_cycle(year=2026)
    db_session.commit()

    assert member_ids(world.group.id, world.cycle) == {c.id for c in world.companies}
    assert member_ids(other.id, world.cycle) == set()
    assert moved.id not in member_ids(world.group.id, next_year)  # the open year: today's
    assert [g.id for g in groups_of(moved, world.cycle)] == [world.group.id]
    assert [g.id for g in groups_of(moved, next_year)] == [other.id]
    assert moved.id in _in_group_that_year(world.group.id, world.cycle)
    assert moved.id not in _in_group_that_year(other.id, world.cycle)

    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    name = moved.display_name(lang)
    planning = html.unescape(
        page_text(client, f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}")
    )
    assert name in planning
    members = html.unescape(page_text(client, f"/cycles/{world.cycle.id}/groups/{world.group.id}"))
    assert name in members
    assert client.get(f"/reviews/{review.id}/final").status_code == 200
    assert client.get(f"/assessments/{world.assessments[0].id}/result").status_code == 200
    auth.logout()
    auth.login(other_lead.email)
    client.get(f"/lang/{lang}")
    other_page = html.unescape(
        page_text(client, f"/reviews/groups/{other.id}?cycle={world.cycle.id}")
    )
    assert name not in other_page
    assert client.get(f"/assessments/{world.assessments[0].id}/result").status_code in (403, 404)

    after = build_annual_data(world.cycle, "zh")
    assert after.participation == before.participation  # 签署承诺书的组织 unchanged
    assert after.groups == before.groups
    row = next(r for r in after.organisations if r.name == moved.name_zh)
    assert row.groups == (world.group.display_name("zh"),)

    # Reopened, the year reads today's groups; closed again, it keeps them anew.
    cycle_services.reopen_cycle(world.cycle, "重新开放以核对", world.secretariat)
    db_session.commit()
    assert moved.id not in member_ids(world.group.id, world.cycle)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    other.organisations.remove(moved)
    db_session.commit()
    assert member_ids(other.id, world.cycle) == {moved.id}


def test_the_closed_years_action_export_of_the_group_keeps_a_member_that_moved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _finalised(world)  # company 0's review, with corrective action ACTION
    cycle_services.close_cycle(world.cycle, world.secretariat)
    other = make_working_group()
    world.group.organisations.remove(world.companies[0])
    other.organisations.append(world.companies[0])
    db_session.commit()

    auth.login(world.lead.email)
    url = f"/reports/corrective-actions.xlsx?group={world.group.id}&cycle={world.cycle.id}"
    assert ACTION in all_values(workbook(client.get(url).data))
