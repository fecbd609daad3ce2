"""A closed year's group pages list the group's members of that year (kept at its close).

An organisation that joined the group after 2024's close is not in the group's 2024
pages, and one that left it since is still there: the benchmark side-by-side table, its
workbook, the review planning and calibration pages, as the group's statistics counted.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles import services as cycle_services
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.web.helpers import page_text
from tests.web.reports.test_downloads import all_values, workbook


def _closed_then_moved(db_session: Session) -> tuple[ReviewWorld, str, str]:
    """Close the year, then one member leaves the group and an organisation joins it."""
    world = make_review_world(6)
    left, joined = world.companies[0], world.companies[5]
    left.name_zh, left.name_en = "离组化工有限公司", "Departed Chemicals Co."
    joined.name_zh, joined.name_en = "新入组化工有限公司", "Newcomer Chemicals Co."
    world.group.organisations.remove(joined)  # not a member in the year
    compute_benchmarks(world.cycle, None)
    cycle_services.close_cycle(world.cycle, world.secretariat)
    world.group.organisations.remove(left)
    world.group.organisations.append(joined)
    db_session.commit()
    return world, left.name_zh, joined.name_zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_closed_years_group_pages_list_its_members_then(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, left, joined = _closed_then_moved(db_session)
    if lang == "en":
        left, joined = "Departed Chemicals Co.", "Newcomer Chemicals Co."
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    year = f"cycle={world.cycle.id}"
    group = world.group.id
    for url in (
        f"/benchmarks/groups/{group}?{year}",
        f"/benchmarks/groups/{group}?{year}&sort=overall&dir=desc",
        f"/benchmarks/groups/{group}",  # opens on the closed year, the one with statistics
        f"/reviews/groups/{group}?{year}",
        f"/cycles/{world.cycle.id}/groups/{group}",
    ):
        page = html.unescape(page_text(client, url))
        assert left in page, url
        assert joined not in page, url
    for download in ("side-by-side.xlsx", "members.xlsx"):
        url = f"/reports/working-groups/{group}/{download}?{year}"
        sheet = [str(v) for v in all_values(workbook(client.get(url).data))]
        assert any(left in v for v in sheet), url
        assert not any(joined in v for v in sheet), url
