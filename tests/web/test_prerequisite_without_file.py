"""A prerequisite answered 是 without an uploaded file cannot be submitted (evidence principle).

Before, "yes" with no file was only warned about at save and could be submitted, so a
prerequisite nobody could check counted as met. Now no evidence, no credit: the save says
the submit waits for the file, the checklist before submitting lists the prerequisite and
what it asks for, the submit is refused naming it, and the result page says the stars count
only once it is uploaded. With the file, all of it goes.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus, Attachment
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.browser_form import submitted_values
from tests.web.helpers import member_with_assessment, upload_evidence

SAVE_WARNING = "Prerequisite P1 is answered “Yes” but has no uploaded evidence file: no evidence"
LISTED = (
    "Prerequisite P1 (RC commitment signed by the legal representative) is answered “Yes” but "
    "has no uploaded evidence file: upload a document showing it is met."
)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _unfiled(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    """A complete assessment whose P1 (answered 是) has lost its file."""
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    db_session.execute(delete(Attachment).where(Attachment.item_id == "P1"))
    db_session.commit()
    return world, assessment


def _save_yes(client: FlaskClient, url: str) -> str:
    fields = [
        (name, "1" if name == "P1__level" else value)
        for name, value in submitted_values(client.get(url).get_data(as_text=True), 1)
    ]
    page = client.post(url, data=MultiDict(fields), follow_redirects=True)
    return _text(page.get_data(as_text=True))


def test_the_save_says_the_submit_waits_for_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _unfiled(db_session, auth)
    auth.choose_language("en")
    url = f"/assessments/{assessment.id}/prerequisites"
    assert SAVE_WARNING in _save_yes(client, url)
    assert upload_evidence(client, assessment.id, item_id="P1").status_code in (200, 302, 303)
    assert SAVE_WARNING not in _save_yes(client, url)


@pytest.mark.parametrize(
    ("lang", "listed", "heading"),
    [
        (
            "zh_CN",
            "前置条件 P1（法定代表人签署责任关怀承诺书）答“是”，但没有上传证据文件："
            "请上传证明该条已满足的文件。",
            "前置条件：1 项答“是”但没有上传证据文件",
        ),
        ("en", LISTED, "Prerequisites: 1 answered “Yes” without an uploaded evidence file"),
    ],
)
def test_the_checklist_and_the_refused_submit_name_the_prerequisite(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    listed: str,
    heading: str,
) -> None:
    _world, assessment = _unfiled(db_session, auth)
    client.get(f"/lang/{lang}")
    overview = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert 'class="flash flash-warning" role="status">' in overview  # one part still open
    refused = client.post(f"/assessments/{assessment.id}/submit")
    assert refused.status_code == 422
    checklist = _text(refused.get_data(as_text=True))
    assert listed in checklist
    assert heading in checklist
    db_session.refresh(assessment)
    assert assessment.status is not AssessmentStatus.SUBMITTED


def test_the_service_refuses_the_submit_and_takes_it_with_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _unfiled(db_session, auth)
    with pytest.raises(services.Incomplete) as refused:
        services.submit_assessment(assessment, world.user_a)
    assert [(m.kind, m.subject_id) for m in refused.value.missing] == [("prerequisite_file", "P1")]
    db_session.rollback()
    assert upload_evidence(client, assessment.id, item_id="P1").status_code in (200, 302, 303)
    response = client.post(f"/assessments/{assessment.id}/submit")
    assert response.status_code in (302, 303)
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_the_result_page_says_the_stars_wait_for_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _unfiled(db_session, auth)
    auth.choose_language("en")
    url = f"/assessments/{assessment.id}/result"
    page = client.get(url).get_data(as_text=True)
    said = _text(page[page.index('id="unfiled-prerequisites"') :].split("</p>")[0])
    assert "Prerequisite P1 is answered “Yes” but has no uploaded evidence file." in said
    assert "cannot be submitted until it is uploaded" in said
    assert f'href="/assessments/{assessment.id}/prerequisites#item-P1"' in page
    client.get("/lang/zh_CN")
    assert "无证据不予认可" in client.get(url).get_data(as_text=True)

    assert upload_evidence(client, assessment.id, item_id="P1").status_code in (200, 302, 303)
    assert 'id="unfiled-prerequisites"' not in client.get(url).get_data(as_text=True)


def test_the_result_share_of_files_still_counts_items_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    auth.choose_language("en")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    quality = page[page.index('id="data-quality"') :].split("</p>")[0]
    assert "items only; prerequisites" in quality
