"""More hours per person than a year holds: the KPI page warns (saved), naming both fields."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import kpi_values_by_input
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture

ZH = (
    "{subject}：按此数值，“员工工时”÷“员工年平均人数”为每人 {value} 小时，"
    "超过一年的 8,784 小时，请核对（已保存）。"
)
EN = (
    "{subject}: with this value “Employee hours worked” ÷ “Average number of employees” is "
    "{value} h per person, more than the 8,784 h a year holds; please check (saved)."
)


def _company_draft(auth: AuthActions, db_session: Session) -> Assessment:
    """An rc-company@2 draft (its inputs hours_employees and headcount_employees), logged in."""
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


def _post(client: FlaskClient, assessment: Assessment, hours: str, headcount: str) -> str:
    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={
            "hours_employees__value": hours,
            "headcount_employees__value": headcount,
            "hours_employees__version": "",
            "headcount_employees__version": "",
        },
    )
    assert response.status_code in (200, 302), response.status_code
    return response.get_data(as_text=True) if response.status_code == 200 else ""


def _warnings(page: str, field_id: str) -> list[str]:
    cell = page.split(f'id="{field_id}"')[1].split("</td>")[0]
    return re.findall(r'<p class="warning-text"[^>]*>([^<]*)<', cell)


def test_more_hours_per_person_than_a_year_holds_is_saved_with_a_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _company_draft(auth, db_session)

    page = _post(client, assessment, "20000000", "1000")

    assert "已保存；请核对标出的提示。" in page
    hours = ZH.format(subject="员工工时", value="20,000")
    headcount = ZH.format(subject="员工年平均人数", value="20,000")
    assert hours in _warnings(page, "hours_employees__value")
    assert headcount in _warnings(page, "headcount_employees__value")
    db_session.expire_all()
    saved = kpi_values_by_input(assessment)
    assert saved["hours_employees"].value == Decimal(20_000_000)  # a warning, not a refusal
    assert saved["headcount_employees"].value == Decimal(1000)

    # A second save warns on what it changes: here only the headcount.
    page = _post(client, assessment, "20000000", "2000")
    assert _warnings(page, "hours_employees__value") == []
    assert ZH.format(subject="员工年平均人数", value="10,000") in _warnings(
        page, "headcount_employees__value"
    )

    client.get("/lang/en?next=/")
    page = _post(client, assessment, "30000000", "2000")
    assert EN.format(subject="Employee hours worked", value="15,000") in _warnings(
        page, "hours_employees__value"
    )


def test_a_years_every_hour_per_person_is_a_clean_save(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _company_draft(auth, db_session)
    assert _post(client, assessment, "8784000", "1000") == ""  # saved, back to the page


def test_the_page_gives_its_script_the_pair_worded_in_the_users_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _company_draft(auth, db_session)
    for lang, words in (("zh_CN", ZH), ("en", EN)):
        client.get(f"/lang/{lang}?next=/")
        page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
        script = page.split('id="kpi-live-checks"')[1].split(">", 1)[1].split("</script>")[0]
        [pair] = json.loads(script)["hours"]
        assert (pair["hours"], pair["headcount"], pair["limit"]) == (
            "hours_employees",
            "headcount_employees",
            "8784",
        )
        subject = "员工工时" if lang == "zh_CN" else "Employee hours worked"
        saved = words.format(subject=subject, value="{value}")
        live = saved.replace("（已保存）", "").replace(" (saved)", "")
        assert pair["say"]["hours_employees"] == live
