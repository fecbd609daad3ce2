"""The home page lists every closed year's published result, newest first (qa71 p11)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.web.test_rubric_changes_since_last_year import _year, real_rubrics

__all__ = ["real_rubrics"]  # the fixture, used by name

HEADING = {"zh_CN": "已发布的结果", "en": "Published results"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_closed_years_result_is_listed_newest_first(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    user = make_user(organisation, OrgRole.ADMIN)
    years = [_year(organisation, year, 1, CycleStatus.CLOSED) for year in (2022, 2023, 2024)]
    for assessment in years:
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.stars = 2
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get("/").get_data(as_text=True))
    published = page[page.index(HEADING[lang]) :]
    published = published[: published.index("</section>")]
    links = [f"/assessments/{a.id}/result" for a in reversed(years)]
    assert all(link in published for link in links)
    assert [published.index(link) for link in links] == sorted(
        published.index(link) for link in links
    )
