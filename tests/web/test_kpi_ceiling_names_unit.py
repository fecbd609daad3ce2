"""A KPI figure above its usual ceiling names the likely wrong unit and the field's unit:
while typing, when saved and on the result page.

newcomer2 #5: 工业总产值 above its ceiling (50,000,000 万元) is most likely typed in yuan.
qa89: 二氧化硫排放量 typed as 35,300 from the plant's kilogram records (the figure is in 吨)
was flagged on the KPI, import and result pages only as "above the usual maximum 20,000",
without the unit, so the engineer could not tell why; it now names kilograms (the import's
preview: test_every_ceiling_code_is_worded_wherever_a_doubt_is_said and the import tests)."""

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

# The KPI input, a figure above its ceiling as typed and as shown, the words in each language.
CEILINGS = {
    "kilograms": (
        "so2_t",
        "35300",
        "35,300",
        {
            "zh_CN": "可能按“千克”填写了；本项单位是“吨”",
            "en": "perhaps it was entered in kilograms: this figure is in tonnes",
        },
    ),
    "yuan": (
        "output_value",
        "180000000",
        "180,000,000",
        {
            "zh_CN": "可能按“元”填写了；本项单位是“万元”",
            "en": "perhaps it was entered in yuan: this figure is in CNY 10k",
        },
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("unit", CEILINGS)
def test_a_figure_above_its_ceiling_names_the_likely_unit_and_the_fields_unit(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture imported above
    unit: str,
    lang: str,
) -> None:
    input_id, typed, shown, words = CEILINGS[unit]
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/kpis"
    page = client.get(url).get_data(as_text=True)
    checks = re.search(r'id="kpi-live-checks">(.*?)</script>', page, re.S)
    assert checks is not None
    typing = json.loads(checks.group(1))["inputs"][input_id]["say"]["implausible_max"]
    assert words[lang] in typing
    saved = client.post(url, data={f"{input_id}__value": typed})
    assert saved.status_code == 200
    assert words[lang] in words_of(saved.get_data(as_text=True))
    result = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert words[lang] in words_of(result)
    assert shown in words_of(result)


def test_every_ceiling_code_is_worded_wherever_a_doubt_is_said() -> None:
    for code in CEILING_CODES.values():
        for said in (PROBLEM_MESSAGES, LIVE_MESSAGES, STORED_MESSAGES, IMPORT_MESSAGES):
            assert code in said
