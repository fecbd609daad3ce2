"""newcomer2 #5: 工业总产值 above its usual ceiling (50,000,000 万元) is most likely typed in
yuan; the warning says so and names the field's unit, when saved and while typing."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.helpers import words_of
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture used below

WORDS = {
    "zh_CN": "可能按“元”填写了；本项单位是“万元”",
    "en": "perhaps it was entered in yuan: this figure is in CNY 10k",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_output_value_s_ceiling_warning_names_yuan_and_the_unit(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
    lang: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/kpis"
    page = client.get(url).get_data(as_text=True)
    checks = re.search(r'id="kpi-live-checks">(.*?)</script>', page, re.S)
    assert checks is not None
    typing = json.loads(checks.group(1))  # the words said while typing
    assert WORDS[lang] in json.dumps(typing, ensure_ascii=False)
    saved = client.post(url, data={"output_value__value": "180000000"})
    assert saved.status_code == 200
    assert WORDS[lang] in words_of(saved.get_data(as_text=True))
