"""The park's resident page and an organisation's benchmark page open on the latest year with
results, not on the latest year whose peer groups reached the minimum size (QA8 D3).

A park rarely has five residents in rcapp: after a year closed with its residents' stars,
the page opened on the year before and hid them; only the group-statistics block depends
on the minimum, and it says so.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_park, make_user
from tests.factories_reviews import ReviewWorld, make_review_world, submitted


def _newer_year_with_one_result(db_session: Session) -> tuple[ReviewWorld, ReportingCycle, int]:
    world = make_review_world(5)
    park = make_park()
    for company in world.companies:
        company.park_id = park.id
    compute_benchmarks(world.cycle, None)  # 2025: five members, statistics shown
    newer = make_cycle(year=2026)
    submitted(world.companies[0], newer, world.members[0], {})
    compute_benchmarks(newer, None)  # 2026: one member, below the minimum
    db_session.commit()
    return world, newer, park.id


def test_the_park_page_opens_on_the_latest_year_with_resident_results(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, newer, park_id = _newer_year_with_one_result(db_session)
    office = make_user(db_session.get(type(world.companies[0]), park_id))
    db_session.commit()
    auth.login(office.email)
    page = client.get(f"/benchmarks/parks/{park_id}").get_data(as_text=True)
    assert " · 2026 年度</h1>" in page
    assert 'id="newest-year"' not in page
    assert "已提交自评 1 家" in page
    assert "不足 5 家" in page  # only the group-statistics block says it
    client.get("/lang/en")
    english = client.get(f"/benchmarks/parks/{park_id}").get_data(as_text=True)
    assert "2026" in english.split("</h1>")[0]


def test_the_organisation_page_opens_on_its_latest_year_with_statistics(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Its 2026 figures have no group statistics to place them in (one member): the page
    opens on 2025, which has, says why 2026 has none and links to it (qa71 M4; it opened
    on 2026 with every group block saying "不足 5 家" since QA8 D3)."""
    world, newer, _park = _newer_year_with_one_result(db_session)
    auth.login(world.members[0].email)
    page = html.unescape(
        client.get(f"/benchmarks/organisations/{world.companies[0].id}").get_data(as_text=True)
    )
    assert " · 2025 年度</h1>" in page
    note = page[page.index('id="newest-year"') :]
    note = note[: note.index("</p>")]
    assert "2026 年度本单位还没有对标数据" in note
    assert "各对标组有对标数据的成员均不足 5 家" in note  # the true reason, not "尚未计算"
    assert f"cycle={newer.id}" in note
    # Another company has no 2026 figures at all: its page says that and shows 2025.
    auth.logout()
    auth.login(world.members[1].email)
    other = html.unescape(
        client.get(f"/benchmarks/organisations/{world.companies[1].id}").get_data(as_text=True)
    )
    assert " · 2025 年度</h1>" in other
    assert "2026 年度本单位还没有对标数据（本单位尚未提交该年度的自评）" in other
