"""A chemical park is compared with no company peer group (another rubric); companies are."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.pages import position
from rcapp.benchmarks.peer_groups import compared_with
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.stats import GroupKind
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_park, make_user
from tests.factories_reviews import make_review_world, submitted


def test_parks_are_in_no_company_group_and_companies_in_all() -> None:
    assert compared_with(OrganisationKind.PARK) == frozenset()
    assert compared_with(OrganisationKind.COMPANY) == set(GroupKind)


def test_a_park_page_shows_no_company_group_and_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)  # five companies in 江苏省, benchmarked
    park = make_park(province="江苏省")
    world.companies[0].park_id = park.id
    office = make_user(park)
    submitted(park, world.cycle, office, {})
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    [province] = [
        g for g in position(world.companies[1], world.cycle, "zh") if g.kind is GroupKind.PROVINCE
    ]
    assert province.shown
    assert province.members == 5
    assert position(park, world.cycle, "zh") == []
    auth.login(office.email)
    page = client.get(f"/benchmarks/organisations/{park.id}").get_data(as_text=True)
    assert "化工园区按园区评价细则自评，不与企业一同统计" in page
    assert "省份" not in page
    assert "不足 5 家" not in page
    client.get("/lang/en")
    english = client.get(f"/benchmarks/organisations/{park.id}").get_data(as_text=True)
    assert "Chemical parks assess themselves on the park rubric" in english
