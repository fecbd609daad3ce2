"""Warnings beside saved fields on the self-assessment pages: the evidence rule's capped
level, doubtful KPI values, each named by the field's label and never by an internal id."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import answer_of, make_cycle, make_world, mark_reported, start
from tests.web.helpers import PDF, member_with_assessment

# Item and input ids of the mini rubric (tests/data/rubrics/mini-company/v1.yaml).
INTERNAL_IDS = ("hours_employees", "lti_employees", "drills", "C1.E1.1", "C1.E1.2")


def _warning(page: str, field_id: str) -> str:
    found = re.search(rf'id="{re.escape(field_id)}-warning">([^<]*)<', page)
    assert found is not None, f"no warning beside {field_id}"
    return found.group(1)


def test_a_level_without_evidence_is_saved_with_the_level_it_counts_as(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    response = client.post(url, data={"C1.E1.1__level": "4", "anchor": "section-form"})

    assert response.status_code == 200  # saved, shown again with the warning
    page = response.get_data(as_text=True)
    warning = _warning(page, "C1.E1.1__level")
    # The mini rubric's rule: evidence from level 2, so without it level 4 counts as 1.
    assert warning == (
        "成熟度等级：没有证据（证据说明或证据文件），等级 4 只按等级 1 计分；"
        "等级 2 及以上须有证据（已保存）。"
    )
    assert "1 个评价项缺少证据" in page
    assert not warning.startswith(INTERNAL_IDS)
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (4, None)

    # With an evidence note it is a clean save again.
    noted = client.post(url, data={"C1.E1.1__level": "4", "C1.E1.1__evidence_note": "演练评估报告"})
    assert noted.status_code == 302
    # A file uploaded in the same press of the button is evidence too.
    filed = client.post(
        url,
        data={
            "C1.E1.1__level": "3",
            "C1.E1.1__evidence_note": "",
            "evidence-C1.E1.1": (io.BytesIO(PDF), "演练记录.pdf"),
            "upload": "C1.E1.1",
        },
        content_type="multipart/form-data",
    )
    assert filed.status_code == 302


def test_the_evidence_warning_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get("/lang/en?next=/")
    url = f"/assessments/{assessment.id}/sections/C1"
    response = client.post(url, data={"C1.E1.1__level": "3"})
    page = response.get_data(as_text=True)
    assert _warning(page, "C1.E1.1__level") == (
        "Maturity level: without evidence (an evidence note or file), level 3 counts only as "
        "level 1; level 2 and up need evidence (saved)."
    )
    assert "1 item lacks evidence and counts at a lower level" in page


def test_kpi_warnings_name_the_input_by_its_label(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    services.save_kpi_inputs(last, rubric_of(last), {"drills": KpiEntry("3")}, world.user_a)
    mark_reported(last)  # last year counts only as a reported year
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/kpis"
    for lang, label in (("zh_CN", "应急演练次数："), ("en", "Emergency drills: ")):
        client.get(f"/lang/{lang}?next=/")
        response = client.post(url, data={"drills__value": "1,234", "drills__version": ""})
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        [warning] = re.findall(r'<p class="warning-text">([^<]*)<', page)
        assert warning.startswith(label)
        assert not warning.startswith(INTERNAL_IDS)
