"""Lists the pages read from the database come in a stated order, on PostgreSQL too.

Without ORDER BY, PostgreSQL returns rows as they lie on disk: a row that was updated
(a role changed, a deadline moved) moves to the end, so a list read again came out in
another order. SQLite returned them in the order they were made, which hid it. Each test
here updates the row that should come first before reading the page.
"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.accounts.services import add_membership
from rcapp.assessments.home_todo import own_todos
from rcapp.clock import beijing_today
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.web.helpers import page_text


def _in_order(page: str, *shown: str) -> bool:
    places = [page.index(text) for text in shown]
    return places == sorted(places)


def test_a_member_of_two_organisations_sees_them_in_the_order_joined(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_cycle(year=2025)
    second = make_organisation(name_zh="乙烯化工有限公司")  # the lower id: joined second
    first = make_organisation(name_zh="甲苯化工有限公司")
    user = make_user(first)
    add_membership(user, second.id, OrgRole.MEMBER)
    db_session.commit()
    user.memberships[0].role = OrgRole.ADMIN  # an update: the row moves on PostgreSQL
    db_session.commit()
    db_session.expire_all()
    assert [m.organisation_id for m in user.memberships] == [first.id, second.id]
    auth.login(user.email)
    assert _in_order(page_text(client, "/"), first.name_zh, second.name_zh)


def test_the_home_page_lists_two_open_years_earlier_first(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    earlier, later = make_cycle(year=2025), make_cycle(year=2026)
    organisation = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    user = make_user(organisation, OrgRole.ADMIN)
    db_session.commit()
    earlier.deadline = earlier.deadline + dt.timedelta(days=1)  # moved: the row too
    db_session.commit()
    db_session.expire_all()
    todos = own_todos(user, beijing_today(), "zh")
    assert [todo.cycle.year for todo in todos] == [2025, 2026]
    auth.login(user.email)
    page = client.get("/").get_data(as_text=True)
    start = "/assessments/start/{}/{}"
    assert _in_order(
        page, start.format(organisation.id, earlier.id), start.format(organisation.id, later.id)
    )


def test_an_organisation_page_lists_its_working_groups_by_code(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    second = make_working_group(code="WG-B", name_zh="乙工作组")
    first = make_working_group(code="WG-A", name_zh="甲工作组")
    organisation = make_organisation()
    organisation.working_groups.append(second)
    organisation.working_groups.append(first)
    secretariat = make_secretariat()
    db_session.commit()
    first.name_en = "Working group A"  # an update: the row moves on PostgreSQL
    db_session.commit()
    db_session.expire_all()
    assert [g.code for g in organisation.working_groups] == ["WG-A", "WG-B"]
    auth.login(secretariat.email)
    page = page_text(client, f"/organisations/{organisation.id}")
    assert _in_order(page, "甲工作组", "乙工作组")
