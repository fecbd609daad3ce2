"""A download on a year page is of the page's year (`?cycle=<cycle id>`, cycles.asked).

The assessments workbook and the corrective-actions workbook read `?cycle=` as a calendar
year, from the filter forms, while every year page names its year by cycle id: a link
built from the page's year could fetch another year's file. Both read the cycle id now
(asked_year), and the pages link with it.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.cycles.models import ReportingCycle
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_world
from tests.factories_reviews import make_review_world
from tests.integration.reports.test_scorecard_peer import _finalised
from tests.web.reports.test_action_exports import ACTION
from tests.web.reports.test_downloads import all_values, workbook


def _link(page: str, path: str) -> str:
    """The href of the page's link to `path` (the first)."""
    found = re.search(rf'href="({re.escape(path)}[^"]*)"', page)
    assert found is not None, path
    return html.unescape(found.group(1))


def test_the_assessments_workbook_of_the_2024_page_is_2024s(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    earlier = make_cycle(year=2024)
    make_assessment(world.org_a, world.cycle)
    make_assessment(world.org_b, earlier)
    db_session.commit()
    auth.login(world.secretariat.email)

    page = client.get(f"/cycles/{earlier.id}").get_data(as_text=True)
    link = _link(page, "/reports/assessments.xlsx")
    assert link == f"/reports/assessments.xlsx?cycle={earlier.id}"
    values = all_values(workbook(client.get(link).data))
    assert world.org_b.name_zh in values
    assert world.org_a.name_zh not in values
    # The list's year filter links its download with that year's cycle id too.
    page = client.get("/assessments/?year=2024").get_data(as_text=True)
    assert _link(page, "/reports/assessments.xlsx") == link
    # A year that is no cycle's id is said to be unknown, not read as a calendar year.
    assert client.get("/reports/assessments.xlsx?cycle=2024").status_code == 404


def test_the_groups_action_workbook_follows_the_pages_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _finalised(world)  # a corrective action in 2025
    earlier = db_session.scalar(select(ReportingCycle).where(ReportingCycle.year == 2024))
    assert earlier is not None
    db_session.commit()
    auth.login(world.lead.email)

    page = client.get(f"/reviews/groups/{world.group.id}?cycle={world.cycle.id}")
    link = _link(page.get_data(as_text=True), "/reports/corrective-actions.xlsx")
    asked = parse_qs(urlsplit(link).query)
    assert asked == {"group": [str(world.group.id)], "cycle": [str(world.cycle.id)]}
    assert ACTION in all_values(workbook(client.get(link).data))
    earlier_link = f"/reports/corrective-actions.xlsx?group={world.group.id}&cycle={earlier.id}"
    assert ACTION not in all_values(workbook(client.get(earlier_link).data))
