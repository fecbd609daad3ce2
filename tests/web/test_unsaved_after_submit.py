"""A save refused because a colleague submitted meanwhile (qa53 M2).

The read-only page showed the typed input as plain text where the stored values stand, so
it looked saved. It now shows what is stored, and the input in a box marked as not saved,
with a copy button; drafts.js keeps it in the tab for a reload (tests/browser).
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.locked_drafts import complete_draft_and_colleague
from tests.locked_drafts import response_text as _text

NOTE = "王磊：供应商SDS审核记录（未保存XYZ）"


def _submitted_meanwhile(db_session: Session, auth: AuthActions, lang: str = "zh") -> int:
    world, assessment, colleague = complete_draft_and_colleague()
    db_session.commit()
    auth.login(world.user_a.email)
    services.submit_assessment(assessment, colleague)  # while the page is open
    db_session.commit()
    return assessment.id


def test_the_section_input_is_marked_as_not_saved_beside_the_stored_values(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id = _submitted_meanwhile(db_session, auth)
    shown = '{"MS.G1.1__level": "3", "MS.G1.1__evidence_note": "承诺书 2025-01"}'
    response = client.post(
        f"/assessments/{assessment_id}/sections/MS",
        data={
            "MS.G1.1__level": "3",
            "MS.G1.1__evidence_note": NOTE,
            "MS.G1.1__shown": shown,
        },
    )
    assert response.status_code == 409
    page = _text(response)
    assert "未保存的输入（已提交，无法保存）" in page
    assert f"MS.G1.1 证据说明：{NOTE}" in page  # in the box, to copy
    assert page.count(NOTE) == 1  # not also where the stored note stands
    assert "承诺书 2025-01" in page  # the stored note, where it stands
    assert 'data-copy="unsaved-locked-text"' in page
    assert "成熟度等级：3" not in page  # the level, unchanged, is not listed as unsaved


def test_the_kpi_input_is_marked_as_not_saved_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id = _submitted_meanwhile(db_session, auth)
    client.get("/lang/en")
    response = client.post(
        f"/assessments/{assessment_id}/kpis",
        data={
            "drills__value": "37",
            "drills__note": "王磊备注XYZ",
            "drills__shown": '{"drills__value": "3", "drills__note": null}',
        },
    )
    assert response.status_code == 409
    page = _text(response)
    assert "Unsaved input (submitted, cannot be saved)" in page
    area = page.split('id="unsaved-locked-text"', 1)[1].split("</textarea>", 1)[0]
    assert "37" in area
    assert "王磊备注XYZ" in area
    assert "王磊备注XYZ" not in page.replace(area, "")  # only in the box


def test_a_read_only_page_opened_anew_has_the_box_empty_and_hidden(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id = _submitted_meanwhile(db_session, auth)
    page = _text(client.get(f"/assessments/{assessment_id}/sections/MS"))
    assert "data-unsaved-locked hidden" in page  # drafts.js fills it from the tab's draft
