"""Chemical parks are benchmarked among parks (all, and by province); companies among companies."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.benchmarks import queries
from rcapp.benchmarks.pages import GroupPosition, position
from rcapp.benchmarks.peer_groups import compared_with
from rcapp.benchmarks.services import compute_benchmarks, ladder_stats
from rcapp.benchmarks.stats import ALL_PARKS_KEY, GroupKind
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submitted


def test_each_kind_is_compared_only_with_groups_of_its_own_kind() -> None:
    assert compared_with(OrganisationKind.PARK) == {GroupKind.ALL_PARKS, GroupKind.PARK_PROVINCE}
    assert compared_with(OrganisationKind.COMPANY) == {
        GroupKind.WORKING_GROUP,
        GroupKind.SECTOR,
        GroupKind.PARK,
        GroupKind.PROVINCE,
    }


def _parks(world: ReviewWorld, provinces: list[str]) -> list[Organisation]:
    parks = []
    for province in provinces:
        park = make_park(province=province)
        submitted(park, world.cycle, make_user(park), {})
        parks.append(park)
    return parks


def test_parks_get_national_and_provincial_park_groups_and_never_join_company_groups(
    app: Flask, db_session: Session
) -> None:
    world = make_review_world(5)  # five companies in 江苏省
    parks = _parks(world, ["江苏省"] * 5 + ["浙江省"])
    world.companies[0].park_id = parks[0].id
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    with app.test_request_context():  # group names are translated
        jiangsu = {g.kind: g for g in position(parks[0], world.cycle, "zh")}
        assert set(jiangsu) == {GroupKind.ALL_PARKS, GroupKind.PARK_PROVINCE}
        assert jiangsu[GroupKind.ALL_PARKS].members == 6
        assert jiangsu[GroupKind.ALL_PARKS].shown
        assert jiangsu[GroupKind.ALL_PARKS].label == "全国化工园区"
        assert jiangsu[GroupKind.PARK_PROVINCE].members == 5
        assert jiangsu[GroupKind.PARK_PROVINCE].shown
        zhejiang = {g.kind: g for g in position(parks[5], world.cycle, "zh")}
        assert zhejiang[GroupKind.PARK_PROVINCE].members == 1
        assert not zhejiang[GroupKind.PARK_PROVINCE].shown

        # The companies' province and park groups count companies only.
        company = {g.kind: g for g in position(world.companies[0], world.cycle, "zh")}
        assert company[GroupKind.PROVINCE].members == 5
        assert company[GroupKind.PARK].members == 1
        assert queries.group_member_ids(world.cycle.id, GroupKind.PROVINCE, "江苏省") == sorted(
            c.id for c in world.companies
        )


def test_a_parks_ladder_compares_it_with_all_parks(db_session: Session) -> None:
    world = make_review_world(5)
    parks = _parks(world, ["江苏省"] * 5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    national = queries.stats_of(world.cycle.id, GroupKind.ALL_PARKS, ALL_PARKS_KEY)
    assert national
    ladder = ladder_stats(parks[0], world.cycle.id)
    kpi_medians = {
        m.removeprefix("kpi:"): row.median for m, row in national.items() if m.startswith("kpi:")
    }
    assert {kpi: stats.median for kpi, stats in ladder.items()} == kpi_medians


def test_a_park_page_shows_its_park_groups_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    parks = _parks(world, ["江苏省"] * 5)
    compute_benchmarks(world.cycle, None)
    office = make_user(parks[0])
    db_session.commit()
    auth.login(office.email)
    page = client.get(f"/benchmarks/organisations/{parks[0].id}").get_data(as_text=True)
    assert "只与其他化工园区比较" in page
    assert '全国化工园区 <span class="muted">（园区，5 家有对标数据）' in page
    assert '江苏省 <span class="muted">（本省园区，5 家有对标数据）' in page
    assert "（省份，" not in page
    client.get("/lang/en")
    english = client.get(f"/benchmarks/organisations/{parks[0].id}").get_data(as_text=True)
    assert "compared only with other chemical parks" in english
    assert (
        'All chemical parks <span class="muted">(parks, 5 members with benchmark data)' in english
    )
    assert (
        'Jiangsu <span class="muted">(parks of the province, 5 members with benchmark data)'
        in english
    )


def test_a_group_heading_counts_one_member_in_the_singular(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        one = GroupPosition(GroupKind.ALL_PARKS, ALL_PARKS_KEY, "All chemical parks", 1)
        five = GroupPosition(GroupKind.ALL_PARKS, ALL_PARKS_KEY, "All chemical parks", 5)
        assert one.kind_and_size == "(parks, 1 member with benchmark data)"
        assert five.kind_and_size == "(parks, 5 members with benchmark data)"
    with app.test_request_context(), force_locale("zh_CN"):
        assert one.kind_and_size == "（园区，1 家有对标数据）"
