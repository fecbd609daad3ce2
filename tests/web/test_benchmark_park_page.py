"""A park office sees its resident companies as a group: stars, statistics, never answers."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind, ReviewStatus
from tests.conftest import AuthActions
from tests.factories import make_final_stars, make_organisation, make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of


def _park_of(world: ReviewWorld, residents: int) -> tuple[int, str]:
    """Put the first `residents` companies of the world in a new park; return its id and a user."""
    park = make_park()
    for company in world.companies[:residents]:
        company.park_id = park.id
    office = make_user(park)
    return park.id, office.email


def _row_of(page: str, heading: str) -> str:
    return next(r for r in page.split("<tr>") if heading in r)


def test_the_park_office_sees_its_residents_stars_and_group_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = review_services.assign_reviewers(  # before the park: same-park reviewers conflict
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    review.status, review.final_stars = ReviewStatus.FINAL, 4
    make_final_stars(world.assessments[0], 4)  # as settling a review writes it
    park_id, office = _park_of(world, 5)
    stars = [a.stars for a in world.assessments]
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(office)
    response = client.get(f"/benchmarks/parks/{park_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(company.name_zh in page for company in world.companies)
    assert "区内企业 5 家，已提交自评 5 家；" in page
    assert " · 2025 年度</h1>" in page  # the heading names the year shown
    assert (
        "（5 家成员，其中 5 家有对标数据）" in page
    )  # the park group's statistics are computed from all five
    # A group of 5: the park office sees the median only, as a member would (qa14 D1).
    assert "中位数" in page
    for heading in ("下四分位", "上四分位", ">汇总值</th>"):
        assert heading not in page
    assert "为保护同组单位信息" in page
    assert "百分位" not in page  # no organisation of its own in this group
    assert "自评得分" not in page  # no resident's own score is shown
    final_row = _row_of(page, "4 星</th>")
    assert f'<td class="num">{stars.count(4)}</td><td class="num">1</td></tr>' in final_row
    zero = _row_of(page, "未达 1 星</th>")  # every resident is rated: none reads 未评定
    assert f'<td class="num">{sum(1 for s in stars if not s)}</td>' in zero
    assert '<td class="num">0</td>' in _row_of(page, "未评定</th>")
    three_or_more = sum(1 for i, s in enumerate(stars) if (4 if i == 0 else s or 0) >= 3)
    assert f"三星及以上 {three_or_more} 家" in page
    client.get("/lang/en")
    page = client.get(f"/benchmarks/parks/{park_id}").get_data(as_text=True)
    assert "Resident companies compared" in page
    assert "Median" in page
    assert all(company.name_en in page for company in world.companies if company.name_en)


def test_the_residents_stars_read_as_marks_and_a_number_as_in_the_comparison(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    park_id, office = _park_of(world, 5)
    world.assessments[0].stars = 3
    db_session.commit()
    auth.login(office)
    url = f"/benchmarks/parks/{park_id}"
    page = client.get(url).get_data(as_text=True)
    row = _row_of(page.split('id="residents-h"')[1], world.companies[0].name_zh)
    assert (
        '<td class="num" data-label="自评星级"><span class="stars" aria-hidden="true">★★★☆☆</span> '
        '<span class="stars-num">3 星</span></td>' in row
    ), row
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    row = _row_of(page.split('id="residents-h"')[1], world.companies[0].display_name("en"))
    assert '<span class="stars-num">3 stars</span>' in row, row


def test_the_residents_table_is_a_card_per_company_on_a_phone(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa56 S5: at 360 px a 300 px header band, names on four lines, the counted stars off
    screen. The table is a card per company there: the name heads it, every cell is named."""
    world = make_review_world(5)
    park_id, office = _park_of(world, 5)
    db_session.commit()
    auth.login(office)
    for lang, labels in (
        ("zh_CN", ("状态", "自评星级", "最终星级", "计入“三星及以上”的星级")),
        ("en", ("Status",)),
    ):
        client.get(f"/lang/{lang}")
        page = client.get(f"/benchmarks/parks/{park_id}").get_data(as_text=True)
        residents = page.split('id="residents-h"')[1]
        assert residents.index('<div class="cards-on-phone">') < residents.index("<table")
        name = world.companies[0].display_name("en" if lang == "en" else "zh")
        assert f'<tr><th scope="row">{name}</th>' in residents
        row = _row_of(residents, name)
        for label in labels:
            assert f'data-label="{label}"' in row, (label, row)
        assert row.count("data-label=") == 4


def test_below_five_residents_the_park_sees_no_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    park_id, office = _park_of(world, 4)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(office)
    page = client.get(f"/benchmarks/parks/{park_id}").get_data(as_text=True)
    assert "4 家成员，其中 4 家有对标数据，不足 5 家，不显示组统计。" in page
    assert "下四分位" not in page
    assert "区内企业 4 家" in page
    assert world.companies[4].name_zh not in page  # not resident here


def test_only_the_park_office_and_the_secretariat_see_the_residents(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    park_id, office = _park_of(world, 5)
    other_park_id, other_office = _park_of(world, 0)
    company_user = make_user(make_organisation(park_id=park_id)).email
    db_session.commit()
    for email, status in (
        (world.members[0].email, 403),  # a resident company
        (company_user, 403),
        (world.lead.email, 403),  # a working-group lead
        (other_office, 403),  # another park's office
        (world.secretariat.email, 200),
        (office, 200),
    ):
        auth.login(email)
        assert client.get(f"/benchmarks/parks/{park_id}").status_code == status, email
        auth.logout()
    auth.login(world.members[0].email)
    # A company's id is not a park: refused, as is an unknown id.
    assert client.get(f"/benchmarks/parks/{world.companies[0].id}").status_code == 403
    assert client.get("/benchmarks/parks/999999").status_code == 404
    assert other_park_id != park_id


def test_the_park_office_home_links_to_the_residents_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    park_id, office = _park_of(world, 5)
    db_session.commit()
    auth.login(office)
    home = client.get("/").get_data(as_text=True)
    assert f"/benchmarks/parks/{park_id}" in home
    page = client.get(f"/benchmarks/organisations/{park_id}").get_data(as_text=True)
    assert f"/benchmarks/parks/{park_id}" in page
