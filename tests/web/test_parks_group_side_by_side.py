"""The parks working group compares its member parks side by side, as company groups do."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.organisations.models import WorkingGroupKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_park, make_user, make_working_group
from tests.factories_reviews import make_review_world, submitted


def test_the_parks_group_lists_its_member_parks_self_results_and_says_why_no_median(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)  # companies, which the parks group never lists
    group = make_working_group(kind=WorkingGroupKind.PARKS)
    parks = [make_park(), make_park()]
    for park in parks:
        group.organisations.append(park)
        submitted(park, world.cycle, make_user(park), {})
    lead = make_user(parks[1])
    make_group_role(lead, group, GroupRole.LEAD)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(lead.email)

    page = client.get(f"/benchmarks/groups/{group.id}").get_data(as_text=True)

    for park in parks:
        assert park.name_zh in page
    assert world.companies[0].name_zh not in page
    assert "本年度该工作组还没有对标数据" not in page
    assert "园区工作组没有组统计：园区只与园区比较" in page
    assert "在任何年度都还没有组统计数据" not in page  # one notice, not two that disagree
    assert "中位数</th>" not in page
    assert "与组统计的口径一致" not in page
    client.get("/lang/en")
    page = client.get(f"/benchmarks/groups/{group.id}").get_data(as_text=True)
    assert str(parks[0].name_en) in page
    assert "The parks working group has no group statistics" in page
