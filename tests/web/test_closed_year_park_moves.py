"""A closed year keeps each company's park as it was at the close (cycles.closed_parks).

The park pages read which park a company is in live, so a company that moved park after
2024's close left 2024's page of its old park and joined the new park's 2024 page, with its
counts (park home, three-star figure). The close now keeps each company's park; an open
year still reads the park of today.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.resident_ratings import submitted_residents, three_star_residents_in
from rcapp.benchmarks import queries as benchmark_queries
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles import services as cycle_services
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_park, make_user, make_world, submitted_assessment
from tests.web.helpers import page_text


def test_a_company_that_moves_park_after_the_close_stays_under_its_old_park_in_that_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2024)
    old, new = make_park(name_zh="旧化工园区"), make_park(name_zh="新化工园区")
    world.org_a.park_id = old.id
    world.org_a.name_zh, world.org_a.name_en = "迁园化工有限公司", "Moving Chemicals Co."
    world.org_b.name_zh = "后入园化工有限公司"
    world.org_b.commitment_status = CommitmentStatus.SIGNED  # no park at the close
    assessment = submitted_assessment(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    world.org_a.park_id = new.id  # moves after the close
    world.org_b.park_id = old.id  # joins the old park after the close
    old_office, new_office = make_user(old), make_user(new)
    db_session.commit()
    stars = assessment.stars or 0

    auth.login(old_office.email)
    page = page_text(client, f"/benchmarks/parks/{old.id}?cycle={world.cycle.id}")
    assert "区内企业 1 家，已提交自评 1 家" in page
    assert world.org_a.name_zh in page
    assert world.org_b.name_zh not in page
    assert submitted_residents(old.id, world.cycle.id) == 1
    assert three_star_residents_in(old.id, world.cycle) == (1 if stars >= 3 else 0)
    assert benchmark_queries.cycles_with_resident_results(old.id) == {world.cycle.id}
    home = page_text(client, "/")
    assert "2024 年度区内企业结果" in home
    assert "已提交 1 家" in home
    client.get("/lang/en")
    page = page_text(client, f"/benchmarks/parks/{old.id}?cycle={world.cycle.id}")
    assert "Moving Chemicals Co." in page

    auth.logout()
    auth.login(new_office.email)
    page = page_text(client, f"/benchmarks/parks/{new.id}?cycle={world.cycle.id}")
    assert "Moving Chemicals Co." not in page
    assert submitted_residents(new.id, world.cycle.id) == 0
    assert three_star_residents_in(new.id, world.cycle) == 0
    assert benchmark_queries.cycles_with_resident_results(new.id) == set()

    # Reopened, the year reads the parks of today; closed again, it keeps them anew.
    cycle_services.reopen_cycle(world.cycle, "重新开放以核对", world.secretariat)
    db_session.commit()
    assert submitted_residents(new.id, world.cycle.id) == 1
    assert submitted_residents(old.id, world.cycle.id) == 0
    cycle_services.close_cycle(world.cycle, world.secretariat)
    world.org_a.park_id = None
    db_session.commit()
    assert submitted_residents(new.id, world.cycle.id) == 1
    assert benchmark_queries.group_size(GroupKind.PARK, str(new.id), world.cycle) == 1


def test_a_closed_years_benchmark_position_places_the_company_in_its_park_of_that_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2024)
    old, new = make_park(name_zh="旧化工园区"), make_park(name_zh="新化工园区")
    world.org_a.park_id = old.id
    submitted_assessment(world)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    world.org_a.park_id = new.id  # moves after the close
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/benchmarks/organisations/{world.org_a.id}?cycle={world.cycle.id}"
    page = page_text(client, url)
    assert "旧化工园区" in page
    assert "新化工园区" not in page
