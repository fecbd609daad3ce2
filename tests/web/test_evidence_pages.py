"""Evidence upload, download and delete through the pages: type, size, permissions."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Attachment
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.web.helpers import PDF, member_with_assessment, upload_evidence

MB = 1024 * 1024


def _upload(client: FlaskClient, assessment_id: int, name: str, content: bytes) -> str:
    response = upload_evidence(client, assessment_id, name, content, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_upload_then_download_as_an_attachment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = _upload(client, assessment.id, "承诺书 2025.pdf", PDF)
    assert "已上传“承诺书 2025.pdf”" in page
    attachment = db_session.query(Attachment).one()
    assert f"/assessments/{assessment.id}/evidence/{attachment.id}" in page
    with client.get(f"/assessments/{assessment.id}/evidence/{attachment.id}") as response:
        assert response.status_code == 200
        assert response.data == PDF
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''" in disposition
        # Clients that ignore filename* got Werkzeug's " 2025.pdf": the Chinese dropped, the
        # space kept in front. Now the ASCII parts and the file's id (qa53).
        assert f'filename="2025-evidence-{attachment.id}.pdf"' in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_exe_renamed_to_pdf_is_refused_with_a_message(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = _upload(client, assessment.id, "setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")
    assert "文件“setup.pdf”的内容与扩展名 .pdf 不符，未上传。" in page
    page = _upload(client, assessment.id, "setup.exe", b"MZ\x90\x00")
    assert "文件“setup.exe”的类型不允许" in page
    assert db_session.query(Attachment).count() == 0


def test_a_name_that_is_only_an_extension_is_named_as_chosen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """ ".pdf" was refused as 文件“pdf”的类型不允许: a name never chosen, a wrong cause (qa67)."""
    _world, assessment = member_with_assessment(db_session, auth)
    page = _upload(client, assessment.id, ".pdf", PDF)
    assert "文件“.pdf”只有扩展名，没有文件名，未上传" in page
    assert "的类型不允许" not in page
    client.get("/lang/en")
    page = _upload(client, assessment.id, "..pdf", PDF)
    assert "The file “..pdf” has an extension but no name" in page
    assert db_session.query(Attachment).count() == 0


def test_oversized_file_is_refused_with_a_message(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    before = set(Path(app.config["UPLOAD_DIR"]).glob("*"))
    page = _upload(client, assessment.id, "scan.pdf", PDF + b"0" * (20 * MB))
    assert "文件“scan.pdf”超过 20 MB 的上限，未上传。" in page
    assert db_session.query(Attachment).count() == 0
    assert set(Path(app.config["UPLOAD_DIR"]).glob("*")) == before


def test_delete_removes_the_row_and_the_file(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    _upload(client, assessment.id, "a.pdf", PDF)
    attachment = db_session.query(Attachment).one()
    path = Path(app.config["UPLOAD_DIR"]) / attachment.stored_name
    assert path.exists()
    response = client.post(f"/assessments/{assessment.id}/evidence/{attachment.id}/delete")
    assert response.status_code == 302
    assert db_session.query(Attachment).count() == 0
    assert not path.exists()


def test_another_organisation_cannot_download_or_delete_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine = start(world)
    theirs = start(world, world.org_b)
    db_session.commit()
    auth.login(world.user_a.email)
    _upload(client, mine.id, "a.pdf", PDF)
    attachment = db_session.query(Attachment).one()
    auth.logout()
    auth.login(world.user_b.email)
    assert client.get(f"/assessments/{mine.id}/evidence/{attachment.id}").status_code == 403
    # Through their own assessment's URL the file is simply not found.
    assert client.get(f"/assessments/{theirs.id}/evidence/{attachment.id}").status_code == 404
    delete = client.post(f"/assessments/{mine.id}/evidence/{attachment.id}/delete")
    assert delete.status_code == 403
    upload = upload_evidence(client, mine.id, "b.pdf")
    assert upload.status_code == 403
    assert db_session.query(Attachment).count() == 1


def test_secretariat_can_download_but_not_upload(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    _upload(client, assessment.id, "a.pdf", PDF)
    attachment = db_session.query(Attachment).one()
    auth.logout()
    auth.login(world.secretariat.email)
    with client.get(f"/assessments/{assessment.id}/evidence/{attachment.id}") as response:
        assert response.status_code == 200
    upload = upload_evidence(client, assessment.id, "b.pdf")
    assert upload.status_code == 403


def test_bidi_controls_in_a_file_name_are_neither_echoed_nor_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = _upload(client, assessment.id, "\u202efdp.exe", b"MZ\x90\x00")
    assert "文件“fdp.exe”的类型不允许" in page
    page = _upload(client, assessment.id, "报告\u202e\u2066fdp.pdf\u2069", PDF)
    assert "已上传“报告fdp.pdf”" in page
    for control in ("\u202e", "\u2066", "\u2069"):
        assert control not in page
    assert db_session.query(Attachment).one().original_name == "报告fdp.pdf"


def test_a_name_with_path_separators_keeps_every_part(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """ "检测报告/2025.pdf" was kept as "2025.pdf": the name the user gave changed under them."""
    _world, assessment = member_with_assessment(db_session, auth)
    page = _upload(client, assessment.id, "检测报告/2025.pdf", PDF)
    assert "已上传“检测报告_2025.pdf”" in page
    # the test client writes the name into the header unescaped, where Werkzeug reads "\\b" as
    # "b": two backslashes on the wire reach the app as the name a\b.pdf
    page = _upload(client, assessment.id, "a\\\\b.pdf", PDF + b"%2\n")  # not a copy
    assert "已上传“a_b.pdf”" in page
    names = {a.original_name: a.stored_name for a in db_session.query(Attachment)}
    assert set(names) == {"检测报告_2025.pdf", "a_b.pdf"}
    for stored in names.values():  # the file on disk keeps its random name
        assert (Path(app.config["UPLOAD_DIR"]) / stored).is_file()
        assert not set(stored) & {"/", "\\", "."}
    chinese = db_session.query(Attachment).filter_by(original_name="检测报告_2025.pdf").one()
    url = f"/assessments/{assessment.id}/evidence/{chinese.id}"
    with client.get(url) as response:
        disposition = response.headers["Content-Disposition"]
        assert "filename*=UTF-8''%E6%A3%80%E6%B5%8B%E6%8A%A5%E5%91%8A_2025.pdf" in disposition
        assert f'filename="2025-evidence-{chinese.id}.pdf"' in disposition  # ASCII fallback
    with client.get(f"{url}/view/检测报告_2025.pdf") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("inline;")
        assert (
            "%E6%A3%80%E6%B5%8B%E6%8A%A5%E5%91%8A_2025.pdf"
            in response.headers["Content-Disposition"]
        )
    section = client.get(f"/assessments/{assessment.id}/sections/MS").get_data(as_text=True)
    assert "检测报告_2025.pdf" in section
    assert "a_b.pdf" in section
