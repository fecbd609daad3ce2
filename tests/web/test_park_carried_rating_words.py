"""A resident's carried self-assessed rating says it is last year's (qa51 P8).

A company whose 2025 assessment is a draft counts in 2025 with its 2024 result, frozen at the
close without a peer review. The residents page said "草稿 — — 0 星（2024 年度，最终（自评））",
which read as a draft with a final rating. It now says the rating is carried from 2024, was
not peer reviewed, and that this year's self-assessment is not submitted yet.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import AssessmentStatus
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_user
from tests.parks import closed_park_year, park_assessment
from tests.real_rubrics import real_rubrics  # noqa: F401 - the fixture

CARRIED = {
    "zh": "未达 1 星 （沿用 2024 年度的自评星级：该年度关闭时未经同行评审；本年度自评尚未提交）",
    "en": "Below 1 star (carried from 2024: self-assessed, not peer reviewed when that year "
    "closed; this year's self-assessment is not submitted yet)",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_drafts_carried_rating_says_whose_year_it_is(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    lang: str,
) -> None:
    park, _earlier = closed_park_year(make_user(None), 2, [0])
    own = park_assessment(park, 2025, 2, companies_resident="86")
    resident = db_session.query(Organisation).filter(Organisation.park_id == park.id).one()
    make_assessment(resident, own.cycle, status=AssessmentStatus.DRAFT)
    admin = make_user(park, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/benchmarks/parks/{park.id}?cycle={own.cycle_id}").get_data(as_text=True)
    table = page[page.index('id="residents-h"') :]
    row = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", table.split("</tr>")[1])).split())
    assert CARRIED[lang] in row
    assert "最终" not in row
    assert "final" not in row.lower()
