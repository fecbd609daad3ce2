"""The working-group comparison opens on the newest year with THIS group's statistics.

It opened on the newest year with any group's statistics, said so in a banner ("2026 年度
还没有同行组统计数据…本页显示有统计数据的 2025 年度") and then said the group had no
statistics in that year either.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.benchmarks import queries
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles.models import ReportingCycle
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_working_group
from tests.factories_reviews import make_review_world


def test_the_group_page_picks_a_year_with_the_groups_own_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    small = make_working_group()
    small.organisations.append(world.companies[0])  # one member: never any statistics
    compute_benchmarks(world.cycle, None)
    make_cycle(year=2026)  # a new year: no statistics yet
    db_session.commit()
    auth.login(world.secretariat.email)

    page = client.get(f"/benchmarks/groups/{small.id}").get_data(as_text=True)
    assert 'id="newest-year"' not in page  # it does not claim to show a year with statistics
    assert "该工作组在任何年度都还没有组统计数据" in page
    # the one reason, said once: how many have data (qa72 M3), not "too few, or not computed"
    year = world.cycle.year
    assert f"（{year} 年度）：1 家成员，其中 1 家有对标数据，不足 5 家，不显示组统计。" in page
    # The newest year with the member's result, not the empty year just opened.
    assert f"本页显示有成员结果的最近一个年度（{world.cycle.year} 年度）" in page
    assert world.companies[0].name_zh in page

    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert "2026 年度该工作组还没有组统计数据" in page
    assert "本页显示该组有统计数据的最近年度 2025 年度" in page
    assert "中位数" in page
    chosen = client.get(f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}")
    assert 'id="newest-year"' not in chosen.get_data(as_text=True)  # a year asked for

    client.get("/lang/en")
    page = client.get(f"/benchmarks/groups/{small.id}").get_data(as_text=True)
    assert "This working group has no group statistics in any year yet" in page
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert "This working group has no statistics for 2026 yet" in page


def test_the_open_year_with_members_rows_but_no_statistics_opens_as_it_is(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa20 S3: last year had statistics, the open year fewer members: it opened on last year."""
    world = make_review_world(5)
    previous = db_session.scalars(
        select(ReportingCycle).where(ReportingCycle.year == world.cycle.year - 1)
    ).one()
    compute_benchmarks(previous, None)
    compute_benchmarks(world.cycle, None)
    world.group.organisations.remove(world.companies[4])  # 4 members now: no statistics
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    assert queries.cycles_with_group_statistics(GroupKind.WORKING_GROUP, str(world.group.id)) == {
        previous.id
    }
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert f"{world.cycle.year} 年度" in page.split("</h1>", 1)[0]
    assert 'id="newest-year"' not in page
    assert "不足 5 家，不显示组统计" in page  # the one reason, with the numbers (qa72 M3)
    assert world.companies[0].name_zh in page
