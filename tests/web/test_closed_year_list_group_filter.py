"""A closed year's list filtered by working group lists that year's members, not today's.

The year's list (/cycles/<id>/organisations?group=G) read today's memberships even for a
closed year: a member moved to another group after the close vanished from its old group's
list of that year and showed under the new one, while the year's group pages, the year
page's group table and the annual outputs list the members kept at the close
(cycles.closed_groups). An open year's list reads today's members.
"""

from __future__ import annotations

import html
import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import roster
from rcapp.assessments.roster_filter import RosterFilter
from rcapp.clock import beijing_today
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus, Organisation, WorkingGroup
from tests.conftest import AuthActions
from tests.factories import World, make_cycle, make_working_group, make_world


def _moved_after_the_close(session: Session) -> tuple[World, WorkingGroup, WorkingGroup]:
    """A in the group and B in another when the year closed; since then B is in A's place."""
    world = make_world()
    world.org_a.name_zh, world.org_a.name_en = "海澄农化有限公司", "Haicheng Agrochem Co."
    world.org_b.name_zh, world.org_b.name_en = "临港精细化工有限公司", "Lingang Fine Chemicals"
    for organisation in (world.org_a, world.org_b):
        organisation.commitment_status = CommitmentStatus.SIGNED
    group = make_working_group(name_zh="过程安全工作组", name_en="Process Safety Group")
    other = make_working_group(name_zh="储运安全工作组", name_en="Storage Group")
    group.organisations.append(world.org_a)
    other.organisations.append(world.org_b)
    session.flush()
    cycle_services.close_cycle(world.cycle, world.secretariat)
    group.organisations.remove(world.org_a)
    other.organisations.remove(world.org_b)
    group.organisations.append(world.org_b)
    other.organisations.append(world.org_a)
    session.commit()
    return world, group, other


def _kept_ids(cycle: ReportingCycle, group: WorkingGroup) -> set[int]:
    rows = roster.roster(cycle, beijing_today())
    return {
        r.organisation.id for r in roster.select_rows(rows, RosterFilter(group=group.id), cycle)
    }


def test_the_filter_keeps_the_members_kept_at_the_close(db_session: Session) -> None:
    world, group, other = _moved_after_the_close(db_session)
    assert world.cycle.is_closed
    assert _kept_ids(world.cycle, group) == {world.org_a.id}
    assert _kept_ids(world.cycle, other) == {world.org_b.id}
    # an open year reads today's members
    next_year = make_cycle(year=world.cycle.year + 1)
    db_session.commit()
    assert _kept_ids(next_year, group) == {world.org_b.id}
    assert _kept_ids(next_year, other) == {world.org_a.id}


def _names(organisation: Organisation, lang: str) -> str:
    return organisation.display_name(lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_closed_years_list_by_group_shows_that_years_members(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, group, other = _moved_after_the_close(db_session)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'zh_CN' if lang == 'zh' else 'en'}")
    url = f"/cycles/{world.cycle.id}/organisations?group={group.id}"
    page = html.unescape(client.get(url).get_data(as_text=True))
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert _names(world.org_a, lang) in body
    assert _names(world.org_b, lang) not in body
    page = html.unescape(
        client.get(f"/cycles/{world.cycle.id}/organisations?group={other.id}").text
    )
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert _names(world.org_b, lang) in body
    assert _names(world.org_a, lang) not in body
    # the list's workbook, filtered alike
    file = client.get(f"/reports/cycles/{world.cycle.id}/organisations.xlsx?group={group.id}")
    assert file.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(file.data))
    cells = {str(c) for row in book.active.iter_rows(values_only=True) for c in row if c}
    assert _names(world.org_a, lang) in cells
    assert _names(world.org_b, lang) not in cells
