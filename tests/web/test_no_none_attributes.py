"""No page of the main journeys renders a Python None into an attribute (QA8 S22).

Every KPI note input carried aria-describedby="None": screen readers looked for an element
with the id "None". WTForms writes None as the text "None"; an absent attribute is `false`.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_cast, make_cycle, make_secretariat
from tests.web.helpers import member_with_assessment

ASSESSMENT_PAGES = ("", "/sections/MS", "/prerequisites", "/kpis", "/events", "/result")


def _clean(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    assert '="None"' not in page, url
    assert 'aria-describedby=""' not in page, url
    return page


def test_the_company_journey_renders_no_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    for lang in ("zh_CN", "en"):
        client.get(f"/lang/{lang}")
        _clean(client, "/")
        for page in ASSESSMENT_PAGES:
            _clean(client, f"/assessments/{assessment.id}{page}")
    kpis = _clean(client, f"/assessments/{assessment.id}/kpis")
    assert "aria-label=" in kpis  # the note inputs are on the page (editable)


def test_the_secretariat_and_admin_pages_render_no_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    cycle = make_cycle()
    make_secretariat(email="sec2@example.cn")
    db_session.commit()
    organisation = cast.organisation.id
    auth.login(cast.secretariat.email)
    for url in (
        "/",
        "/organisations/",
        f"/organisations/{organisation}",
        f"/organisations/{organisation}/edit",
        f"/organisations/{organisation}/partners/new",
        "/cycles/",
        "/cycles/new",
        f"/cycles/{cycle.id}",
        "/audit/",
        "/admin/users",
        "/admin/users/new",
        "/reports/jobs",
    ):
        _clean(client, url)
    auth.logout()
    auth.login(cast.admin.email)
    for url in (
        "/",
        f"/organisations/{organisation}",
        f"/organisations/{organisation}/partners/new",
    ):
        _clean(client, url)
