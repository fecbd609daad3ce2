"""The report-job list names whose scorecard each scorecard job is (qa: a secretariat user
saw "评分卡（PDF） #12" rows and could not tell one organisation's from another's)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import jobs
from rcapp.reports.models import JobKind
from tests.conftest import AuthActions
from tests.factories import make_world, start


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_scorecard_jobs_name_their_organisation_and_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.org_a.name_en = "Org A Chemicals"
    assessment = start(world)
    scorecard = jobs.request_job(
        JobKind.SCORECARD,
        world.user_a,
        cycle=world.cycle,
        params={"assessment_id": assessment.id, "asked": "x"},
    )
    workbook = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))

    name = "Org A Chemicals" if lang == "en" else world.org_a.name_zh
    row = page[page.index(f"/reports/jobs/{scorecard.id}") :]
    row = row[: row.index("</tr>")]
    assert name in row
    assert str(world.cycle.year) in row
    other = page[page.index(f"/reports/jobs/{workbook.id}") :]
    other = other[: other.index("</tr>")]
    assert name not in other  # a year's job names no organisation
