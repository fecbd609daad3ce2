"""A number typed with words or its unit is refused with an example that fits the field: a
figure in 万元 reads 12.5, hours 1,610,000, a count 12 (qa: "如 1,610,000" under a 万元
field read oddly). The KPI page says it on saving, in both languages."""

from __future__ import annotations

import hashlib
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from rcapp.assessments.number_words import number_example
from rcapp.rubrics.model import Text
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture

SAID = {
    "zh_CN": "“{typed}”不是有效数字。只填数字（如 {example}），不带单位（本项单位为“{unit}”）"
    "或“约”等文字；千位分隔符可以保留。",
    "en": "“{typed}” is not a valid number. Type the number only (for example {example}), "
    "without the unit (here “{unit}”) or words such as “about”; thousands separators may stay.",
}
FIELDS = {  # input → (typed, example, unit in Chinese, unit in English)
    "output_value": ("约12.5万元", "12.5", "万元", "CNY 10k"),
    "hours_employees": ("1,610,000 小时", "1,610,000", "小时", "h"),
    "headcount_employees": ("约120人", "12", "人", "persons"),
}


def _company_draft(auth: AuthActions, db_session: Session) -> Assessment:
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    db_session.commit()
    auth.login(user.email)
    return assessment


@pytest.mark.usefixtures("real_rubrics")
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("input_id", sorted(FIELDS))
def test_the_example_fits_the_fields_unit(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, input_id: str
) -> None:
    assessment = _company_draft(auth, db_session)
    client.get(f"/lang/{lang}")
    typed, example, unit_zh, unit_en = FIELDS[input_id]

    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={f"{input_id}__value": typed, f"{input_id}__version": ""},
    )

    page = html.unescape(response.get_data(as_text=True))
    unit = unit_zh if lang == "zh_CN" else unit_en
    assert SAID[lang].format(typed=typed, example=example, unit=unit) in page


@pytest.mark.parametrize(
    ("zh", "example"),
    [
        ("万元", "12.5"),
        ("吨标准煤/万元", "12.5"),
        ("小时", "1,610,000"),
        ("吨", "1,250.5"),
        ("立方米", "1,250.5"),
        ("起", "12"),
        ("人", "12"),
        ("%", "12.5"),
    ],
)
def test_each_unit_gets_an_example_of_its_scale(zh: str, example: str) -> None:
    assert number_example(Text(zh=zh, en="unit")) == example
