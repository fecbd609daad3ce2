"""The accepted file types read the same in every upload's help and in the type refusal.

The corrective action's help said "Word、Excel", its refusal "DOC、DOCX、XLS、XLSX"
(actionfix #3). Both now come from storage.TYPE_NAMES, which names every type the upload
check accepts once: on the action's closing form, an item's evidence, the bulk upload and
the secretariat's verification evidence, in Chinese and English.
"""

from __future__ import annotations

import html
import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import storage
from rcapp.reviews.models import ActionStatus
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.web.helpers import member_with_assessment, upload_evidence
from tests.web.test_action_evidence_file import _final_with_action

TYPES = {
    "zh": "PDF、OFD、Word（DOC、DOCX）、Excel（XLS、XLSX）、JPG、PNG、ZIP、TXT、CSV",
    "en": "PDF, OFD, Word (DOC, DOCX), Excel (XLS, XLSX), JPG, PNG, ZIP, TXT, CSV",
}
REFUSAL = {
    "zh": "文件“setup.exe”的类型不允许：仅接受 {types}。",
    "en": "The file “setup.exe” is not an accepted type. Accepted types: {types}.",
}
HELP = {"zh": "可上传 {types}", "en": "Accepted types: {types}"}
EXE = b"MZ\x90\x00"


def _text(response_data: bytes) -> str:
    return html.unescape(response_data.decode())


def test_the_names_cover_each_type_the_check_accepts_once() -> None:
    named = [ext for extensions in storage.TYPE_NAMES.values() for ext in extensions]
    assert sorted(named) == sorted(storage.CONTENT_TYPES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_action_help_and_refusal_name_the_same_types(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    types = TYPES[lang]

    response = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={
            f"c-{finding.id}-evidence": "已组织演练，见记录",
            f"c-{finding.id}-evidence_file": (io.BytesIO(EXE), "setup.exe"),
        },
        content_type="multipart/form-data",
    )

    page = _text(response.data)
    assert REFUSAL[lang].format(types=types) in page
    assert HELP[lang].format(types=types) in page
    # a wrong type refused by the server: not closed, what was typed still in the box
    assert "已组织演练，见记录</textarea>" in page
    db_session.expire_all()
    assert finding.action_status is ActionStatus.OPEN


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_evidence_and_bulk_upload_pages_name_the_same_types(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    types = TYPES[lang]

    page = _text(
        upload_evidence(client, assessment.id, "setup.exe", EXE, follow_redirects=True).data
    )
    assert REFUSAL[lang].format(types=types) in page
    assert HELP[lang].format(types=types) in page  # the item's evidence box
    bulk = _text(client.get(f"/assessments/{assessment.id}/evidence/bulk").data)
    assert HELP[lang].format(types=types) in bulk


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_recognition_evidence_names_the_same_types(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The secretariat's verification evidence said "PDF、图片或办公文档", refused by the list."""
    made = make_world()
    assessment = submitted_assessment(made)
    db_session.commit()
    auth.login(made.secretariat.email)
    client.get(f"/lang/{lang}")

    page = _text(client.get(f"/assessments/{assessment.id}/recognition").data)

    assert HELP[lang].format(types=TYPES[lang]) in page
