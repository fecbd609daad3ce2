"""A refused file on an answer page is named once, beside its item; the top only counts
(QA32 S9: "The file “big.pdf” exceeds the 20 MB limit …" twice)."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("lang", "refusal", "summary"),
    [
        (
            "zh_CN",
            "文件“big.pdf”超过 20 MB 的上限，未上传。",
            "1 个文件未上传，原因写在其评价项下方。",
        ),
        ("en", "exceeds the 20 MB limit", "1 file was not uploaded; the reason is under its item."),
    ],
)
def test_an_oversized_file_is_named_once_beside_its_item(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, refusal: str,
    summary: str,
) -> None:  # fmt: skip
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    client.get(f"/lang/{lang}?next={url}")
    response = client.post(
        url,
        data={
            "C1.E1.1__level": "2",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [(io.BytesIO(PDF + b"0" * (20 * MB)), "big.pdf")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,  # none here: it makes close() close the spooled request body
    )
    response.close()
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count(refusal) == 1
    assert 'id="file-C1.E1.1-refused-1"' in page
    assert summary in page
