"""A lead's member table links every assessment the lead may open, their own draft included.

Found by hqa: ps.lead's own organisation (returned for revision) was plain text in the
table of members, though the lead works on that assessment daily; only submitted ones linked.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user, make_working_group, make_world, start


def test_the_leads_own_draft_is_a_link_but_another_members_draft_is_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    own = start(world)
    other = start(world, world.org_b)
    group = make_working_group(name_zh="工艺安全工作组")
    group.organisations.extend([world.org_a, world.org_b])
    lead = make_user(world.org_a, OrgRole.MEMBER)
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    page = client.get("/").get_data(as_text=True)
    members = page.split("成员单位 2025 年度进展", 1)[1]
    own_link = f'<a href="/assessments/{own.id}">{world.org_a.name_zh}</a>'
    assert own_link in members
    assert f"/assessments/{other.id}" not in members
    assert world.org_b.name_zh in members
