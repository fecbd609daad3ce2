"""Upload limits on the answer pages: files that each meet the stated limit go together, an
oversize file is refused by name while the typed answers are saved, more files than one
upload carries are refused by name, and a request over the whole limit gets a page that
says what happened and leads back."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Answer, Attachment
from tests.conftest import AuthActions
from tests.factories import answer_of
from tests.web.helpers import PDF, member_with_assessment

MB = 1024 * 1024


def _pdf(size: int, fill: bytes = b"0") -> io.BytesIO:
    """A PDF of `size` bytes; files of one item differ in `fill` (the same content is one)."""
    return io.BytesIO(PDF + fill * (size - len(PDF)))


def _note(db_session: Session, assessment_id: int, item_id: str) -> str | None:
    db_session.expire_all()
    answer = (
        db_session.query(Answer)
        .filter(Answer.assessment_id == assessment_id, Answer.item_id == item_id)
        .one_or_none()
    )
    return None if answer is None else answer.evidence_note


def test_two_files_each_within_the_limit_are_taken_together(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = client.get(f"/assessments/{assessment.id}/sections/C1").get_data(as_text=True)
    assert "每个文件不超过 20 MB，每次最多上传 5 个文件（本页各上传框合计）" in page
    assert app.config["MAX_CONTENT_LENGTH"] > 5 * 20 * MB
    # Redirects followed: the test client then closes the temporary file holding the body.
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={
            "C1.E1.1__level": "3",
            "C1.E1.1__evidence_note": "两份应急演练记录",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [
                (_pdf(12 * MB), "演练一.pdf"),
                (_pdf(12 * MB, b"1"), "演练二.pdf"),
            ],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.history[0].headers["Location"].endswith("/sections/C1#item-C1.E1.1")
    assert "已上传“演练二.pdf”。" in response.get_data(as_text=True)
    assert _note(db_session, assessment.id, "C1.E1.1") == "两份应急演练记录"
    names = sorted(a.original_name for a in db_session.query(Attachment).all())
    assert names == ["演练一.pdf", "演练二.pdf"]


def test_an_oversize_file_is_named_and_the_typed_answers_are_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get("/lang/en")
    section = f"/assessments/{assessment.id}/sections/C1"
    response = client.post(
        section,
        data={
            "C1.E1.1__level": "2",
            "C1.E1.1__evidence_note": "Drill record 2025",
            "upload": "C1.E1.2",
            "evidence-C1.E1.2": [(_pdf(21 * MB), "scan-2025.pdf")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    # The test client spools the 21 MB body to a file; with no redirect to follow, it is ours.
    response.request.environ["wsgi.input"].close()
    # Shown again (no redirect) with the refusal beside its item, which takes the focus.
    assert response.status_code == 422
    assert not response.history
    page = response.get_data(as_text=True)
    assert "The file “scan-2025.pdf” exceeds the 20 MB limit" in page
    assert 'id="file-C1.E1.2-refused-1" tabindex="-1" autofocus>The file “scan-2025.pdf”' in page
    assert answer_of(assessment, "C1.E1.1")[0] == 2
    assert _note(db_session, assessment.id, "C1.E1.1") == "Drill record 2025"
    assert db_session.query(Attachment).count() == 0


def test_files_past_the_number_one_upload_takes_are_refused_by_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={
            "upload": "C1.E1.2",
            "evidence-C1.E1.1": [(_pdf(64, b"%d" % n), f"记录{n}.pdf") for n in range(1, 5)],
            "evidence-C1.E1.2": [(_pdf(64, b"%d" % n), f"照片{n}.pdf") for n in range(1, 3)],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "文件“照片2.pdf”未上传：每次最多上传 5 个文件，请再上传一次。" in page
    names = sorted(a.original_name for a in db_session.query(Attachment).all())
    assert names == ["照片1.pdf", "记录1.pdf", "记录2.pdf", "记录3.pdf", "记录4.pdf"]


@pytest.mark.parametrize(
    ("lang", "words", "back_words"),
    [
        ("zh_CN", "请用浏览器的“后退”回到刚才的页面：已填写的内容通常仍在", "重新打开刚才的页面"),
        ("en", "Use your browser’s Back button", "Open that page again"),
    ],
)
def test_a_request_over_the_whole_limit_explains_and_leads_back(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
    back_words: str,
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    section = f"/assessments/{assessment.id}/sections/C1"

    def post(referrer: str) -> str:
        with client.post(
            section,
            data={
                "C1.E1.1__level": "2",
                "evidence-C1.E1.1": [(_pdf(8192), "big.pdf")],
            },
            content_type="multipart/form-data",
            headers={"Referer": referrer},
        ) as response:
            assert response.status_code == 413
            return response.get_data(as_text=True)

    page = post(f"http://localhost{section}?x=1")
    assert words in page
    assert f'<a href="{section}?x=1">{back_words}' in page
    assert answer_of(assessment, "C1.E1.1") == (None, None)
    page = post("http://elsewhere.example/phish")
    assert words in page
    assert "elsewhere.example" not in page
    assert back_words not in page
