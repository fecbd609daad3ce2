"""The same file uploaded again is news, not a failure (qa56 P9).

Re-uploading a photo showed a red "1 个文件未上传" and a red-framed message under the item,
though nothing went wrong: the file is there already. It is now said once, in the neutral
style; a file really refused stays red, beside its item.
"""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import PDF, member_with_assessment

DUPLICATE = {
    "zh_CN": "文件“photo.pdf”已上传过（同名、内容相同），未重复上传。",
    "en": "The file “photo.pdf” is uploaded already (same name and content); it was not "
    "uploaded again.",
}
NOT_UPLOADED = {"zh_CN": "个文件未上传", "en": "the reason is under"}


def _upload(client: FlaskClient, url: str, content: bytes, name: str = "photo.pdf") -> str:
    response = client.post(
        url,
        data={
            "C1.E1.1__level": "2",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [(io.BytesIO(content), name)],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    response.close()
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_same_file_again_is_said_in_the_neutral_style(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next={url}")
    _upload(client, url, PDF)
    page = _upload(client, url, PDF)
    assert f'<div class="flash flash-info" role="status">{DUPLICATE[lang]}</div>' in page
    assert NOT_UPLOADED[lang] not in page
    assert "flash-error" not in page
    assert "upload-refused" not in page
    assert "bar-message-error" not in page
    db_session.expire_all()
    assert len(assessment.attachments) == 1


def test_a_refused_file_beside_a_duplicate_stays_red(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    _upload(client, url, PDF)
    response = client.post(
        url,
        data={
            "C1.E1.1__level": "2",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [(io.BytesIO(PDF), "photo.pdf"), (io.BytesIO(b""), "empty.pdf")],
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    refusal = '<div class="flash flash-error" role="alert" tabindex="-1" data-refusal>'
    assert f"{refusal}1 个文件未上传" in page
    assert "文件“empty.pdf”是空文件，未上传。" in page
    assert 'class="field-error upload-refused"' in page
    assert f'<div class="flash flash-info" role="status">{DUPLICATE["zh_CN"]}</div>' in page
