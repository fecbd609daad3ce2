"""newcomer2 #2: the KPI page marks the inputs the core KPIs need (the overview counts them,
"核心指标所需数据项 0 / 19") with a worded badge, and a plain link shows them alone."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import queries
from rcapp.assessments.completeness import core_kpi_inputs
from rcapp.assessments.models import Assessment
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.helpers import page_text
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture used below

WORDS = {
    "zh_CN": ("核心", "只看核心指标所需", "显示全部数据项"),
    "en": ("Core", "Only what core KPIs need", "Show all data items"),
}


def _company_draft(db_session: Session, auth: AuthActions) -> Assessment:
    """A company's draft on the real v2 rubric (~60 inputs, some of them core), signed in."""
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    return assessment


def _rows(page: str) -> dict[str, str]:
    """Each input's row (its opening tag and contents), by input id."""
    return dict(re.findall(r'(?s)<tr id="kpi-([^"]+)"(.*?)</tr>', page))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_core_inputs_are_marked_and_can_be_shown_alone(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
    lang: str,
) -> None:
    assessment = _company_draft(db_session, auth)
    rubric = queries.rubric_of(assessment)
    core = {kpi_input.id for kpi_input in core_kpi_inputs(rubric)}
    others = {kpi_input.id for kpi_input in rubric.kpi_inputs} - core
    assert core
    assert others
    badge, only_link, all_link = WORDS[lang]
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/kpis"

    page = page_text(client, url)
    rows = _rows(page)
    marked = {
        i for i, row in rows.items() if f'<span class="badge badge-core">{badge}</span>' in row
    }
    assert marked == core
    assert not [i for i, row in rows.items() if row.split(">", 1)[0].endswith(" hidden")]
    assert f'href="{url}?core=1">{only_link}</a>' in page
    assert f"0 / {len(core)}" in page

    page = page_text(client, f"{url}?core=1")
    hidden = {i for i, row in _rows(page).items() if row.split(">", 1)[0].endswith(" hidden")}
    assert hidden == others  # still in the form, so a save keeps them
    assert f'href="{url}">{all_link}</a>' in page


def test_a_save_in_the_core_view_comes_back_to_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
) -> None:
    assessment = _company_draft(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    response = client.post(
        f"{url}?core=1", data={"hours_employees__value": "1000000", "anchor": "kpi-end"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}?core=1#kpi-end")
