"""A park office's home leads to its residents' results: the open year and the latest closed."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_park, make_user
from tests.web.helpers import page_text

SUBMITTED = AssessmentStatus.SUBMITTED


def _park_with_results(closed: ReportingCycle, open_: ReportingCycle | None) -> Organisation:
    """Three residents and an outsider; the closed year's counts are 2 submitted, 2 three stars."""
    park = make_park(name_zh="临海化工园区", name_en="Linhai Chemical Park")
    a, b, c = (make_organisation(park_id=park.id) for _ in range(3))
    outsider = make_organisation()  # five stars, in no park: never counted
    make_assessment(a, closed, status=SUBMITTED, stars=4)
    make_assessment(b, closed, status=SUBMITTED, stars=4)
    make_assessment(c, closed, status=AssessmentStatus.DRAFT, stars=5)  # a draft is no rating
    make_assessment(outsider, closed, status=SUBMITTED, stars=5)
    if open_ is not None:
        make_assessment(a, open_, status=SUBMITTED, stars=2)  # a's newest rating: two stars
        make_assessment(c, open_, status=AssessmentStatus.DRAFT, stars=5)
    return park


def _line(page: str, year: int) -> str:
    return page.split(f"{year} 年度区内企业结果")[1].split("</li>")[0]


def test_the_park_home_links_the_open_and_the_latest_closed_years_results_with_counts(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    older = make_cycle(year=2023, status=CycleStatus.CLOSED)
    closed = make_cycle(year=2024, status=CycleStatus.CLOSED)
    open_ = make_cycle(year=2025)
    park = _park_with_results(closed, open_)
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)

    page = page_text(client, "/")

    assert "临海化工园区：区内企业结果" in page
    assert f'href="/benchmarks/parks/{park.id}?cycle={open_.id}">2025 年度区内企业结果</a>' in page
    assert f'href="/benchmarks/parks/{park.id}?cycle={closed.id}">2024 年度区内企业结果</a>' in page
    assert "2023 年度区内企业结果" not in page  # only the latest closed year
    assert older.id != closed.id
    assert page.index("2025 年度区内企业结果") < page.index("2024 年度区内企业结果")
    # 2025: a submitted (two stars); b's 2024 four stars are still valid (resident_ratings).
    assert "：已提交 1 家，三星及以上 1 家" in _line(page, 2025)
    assert "（进行中）" in _line(page, 2025)
    assert "：已提交 2 家，三星及以上 2 家" in _line(page, 2024)
    assert "（已关闭）" in _line(page, 2024)
    # The residents page the link opens counts the same.
    for cycle, three in ((closed, 2), (open_, 1)):
        residents = page_text(client, f"/benchmarks/parks/{park.id}?cycle={cycle.id}")
        assert f"三星及以上 {three} 家" in residents

    client.get("/lang/en")
    page = page_text(client, "/")
    assert "Linhai Chemical Park: resident companies’ results" in page
    for year, submitted, three in ((2024, 2, 2), (2025, 1, 1)):
        assert (
            f"Year {year} resident companies’ results</a>: "
            f"{submitted} submitted, {three} with three stars or more"
        ) in page
    assert "(closed)" in page


def test_with_no_year_open_the_park_home_still_leads_to_the_closed_years_results(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    closed = make_cycle(year=2024, status=CycleStatus.CLOSED)
    park = _park_with_results(closed, None)
    office = make_user(park)
    db_session.commit()
    auth.login(office.email)

    page = page_text(client, "/")

    assert f'href="/benchmarks/parks/{park.id}?cycle={closed.id}">2024 年度区内企业结果</a>' in page
    assert "：已提交 2 家，三星及以上 2 家" in _line(page, 2024)


def test_a_company_and_the_secretariat_see_no_park_results_on_their_home(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    closed = make_cycle(year=2024, status=CycleStatus.CLOSED)
    park = _park_with_results(closed, None)
    resident = make_user(make_organisation(park_id=park.id))
    secretariat = make_user(is_secretariat=True)
    db_session.commit()
    for user in (resident, secretariat):
        auth.login(user.email)
        assert "区内企业结果" not in page_text(client, "/")
