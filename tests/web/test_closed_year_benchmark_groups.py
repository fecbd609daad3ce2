"""A closed year's benchmark position places a company in its working groups of that year.

The position page (and the PDF scorecard's peer section, pages.position) read the
company's working groups of today: one that moved group after 2024's close was placed in
its new group's 2024 statistics, which it was never part of, and its old group was gone.
The groups kept at the close decide (closed_groups); the open year reads today's.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.benchmarks import pages
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles import services as cycle_services
from tests.conftest import AuthActions
from tests.factories import (
    make_group_role,
    make_user,
    make_working_group,
    make_world,
    submitted_assessment,
)
from tests.web.helpers import page_words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_years_position_places_the_company_in_its_groups_of_that_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(2024)
    old = make_working_group(name_zh="旧工作组", name_en="Former Group")
    new = make_working_group(name_zh="新工作组", name_en="Present Group")
    old.organisations.append(world.org_a)
    submitted_assessment(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    old.organisations.remove(world.org_a)  # moves group after the close
    new.organisations.append(world.org_a)
    db_session.commit()

    with client.application.test_request_context():  # the groups' labels are translated
        groups = pages.position(world.org_a, world.cycle, lang)
    placed = [g.key for g in groups if g.kind is GroupKind.WORKING_GROUP]
    assert placed == [str(old.id)]
    assert next(g for g in groups if g.key == str(old.id)).total == 1  # its members then

    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    page = page_words(client, f"/benchmarks/organisations/{world.org_a.id}?cycle={world.cycle.id}")
    assert old.display_name(lang) in page
    assert new.display_name(lang) not in page

    # The side-by-side page of each group lists its members of that year.
    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    name = world.org_a.display_name(lang)
    assert name in page_words(client, f"/benchmarks/groups/{old.id}?cycle={world.cycle.id}")
    assert name not in page_words(client, f"/benchmarks/groups/{new.id}?cycle={world.cycle.id}")


def test_the_lead_of_a_group_the_company_has_left_still_sees_the_year_it_benchmarked_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """closedyears2: the position page let in today's groups' leads only (403 for the lead
    whose group benchmarked the company in 2024); a year it was not in the group stays shut."""
    world = make_world(2024)
    old = make_working_group(name_zh="旧工作组", name_en="Former Group")
    old.organisations.append(world.org_a)
    lead = make_user(world.org_b, OrgRole.ADMIN, email="old.lead@example.cn")
    make_group_role(lead, old, GroupRole.LEAD)
    submitted_assessment(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    old.organisations.remove(world.org_a)
    db_session.commit()

    auth.login(lead.email)
    position = f"/benchmarks/organisations/{world.org_a.id}"
    assert client.get(f"{position}?cycle={world.cycle.id}").status_code == 200
    cycle_services.reopen_cycle(world.cycle, "补交", world.secretariat)  # today's groups again
    db_session.commit()
    assert client.get(f"{position}?cycle={world.cycle.id}").status_code == 403
