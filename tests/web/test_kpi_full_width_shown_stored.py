"""newcomer2 #5: full-width digits ("１８００００") were stored as 180000, but the page shown
again after the save (with a warning) kept the full-width text in the box."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture used below


def _box(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    assert value is not None, found.group(0)
    return value.group(1)


def test_a_full_width_number_saved_with_a_warning_shows_as_stored(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    # above the output value's usual ceiling (50,000,000): saved, and the page shown again
    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={
            "output_value__value": "１８００００００００",
            "hours_employees__value": "１８００００",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "已保存；请核对标出的提示。" in page
    assert _box(page, "output_value__value") == "1800000000"
    assert _box(page, "hours_employees__value") == "180000"
    # a refused value stays as typed
    response = client.post(
        f"/assessments/{assessment.id}/kpis", data={"hours_employees__value": "１８万"}
    )
    assert _box(response.get_data(as_text=True), "hours_employees__value") == "１８万"
