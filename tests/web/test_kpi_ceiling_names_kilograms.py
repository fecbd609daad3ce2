"""qa89: 二氧化硫排放量 typed as 35,300 from the plant's kilogram records (the figure is in
吨) was flagged on the KPI, import and result pages only as "above the usual maximum
20,000", without the unit, so the engineer could not tell why. Like 万元 typed in yuan
(newcomer2 #5), a figure in 吨 above its ceiling now names kilograms and the field's unit:
while typing, when saved, on the result page and in the import's preview."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.messages import LIVE_MESSAGES, PROBLEM_MESSAGES, STORED_MESSAGES
from rcapp.assessments.validation import CEILING_CODES
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.import_messages import IMPORT_MESSAGES
from tests.conftest import AuthActions
from tests.web.helpers import words_of
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture used below

WORDS = {
    "zh_CN": "可能按“千克”填写了；本项单位是“吨”",
    "en": "perhaps it was entered in kilograms: this figure is in tonnes",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_tonnes_figure_above_its_ceiling_names_kilograms_and_the_unit(
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
    typing = json.loads(checks.group(1))["inputs"]["so2_t"]["say"]["implausible_max"]
    assert WORDS[lang] in typing
    saved = client.post(url, data={"so2_t__value": "35300"})
    assert saved.status_code == 200
    assert WORDS[lang] in words_of(saved.get_data(as_text=True))
    result = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert WORDS[lang] in words_of(result)
    assert "35,300" in words_of(result)


def test_every_ceiling_code_is_worded_wherever_a_doubt_is_said() -> None:
    for code in CEILING_CODES.values():
        for said in (PROBLEM_MESSAGES, LIVE_MESSAGES, STORED_MESSAGES, IMPORT_MESSAGES):
            assert code in said
