"""Viewing evidence in the browser (查看): a PDF or an image only, sent inline in a sandbox,
typed by its checked stored type, to whoever may download it - by the same check."""

from __future__ import annotations

from urllib.parse import quote

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Attachment
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.web.helpers import PDF, member_with_assessment, upload_evidence

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _uploaded(client: FlaskClient, assessment_id: int, name: str, content: bytes) -> Attachment:
    response = upload_evidence(client, assessment_id, name, content)
    assert response.status_code == 302
    return db.session().query(Attachment).filter_by(original_name=name).one()


def _view(assessment_id: int, attachment: Attachment) -> str:
    return f"/assessments/{assessment_id}/evidence/{attachment.id}/view"


def _link(assessment_id: int, attachment: Attachment) -> str:
    """The page's link: the address ends in the file's name, which titles an image's tab."""
    return f"{_view(assessment_id, attachment)}/{quote(attachment.original_name)}"


def test_a_pdf_is_shown_inline_in_a_sandbox_never_cached(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    attachment = _uploaded(client, assessment.id, "承诺书 2025.pdf", PDF)
    with client.get(_view(assessment.id, attachment)) as response:
        assert response.status_code == 200
        assert response.data == PDF
        assert response.headers["Content-Type"] == "application/pdf"
        disposition = response.headers["Content-Disposition"]
        # the ASCII parts and the file's id, where the Chinese was dropped (qa53)
        assert disposition.startswith(f'inline; filename="2025-evidence-{attachment.id}.pdf"')
        assert "filename*=UTF-8''%E6%89%BF%E8%AF%BA%E4%B9%A6%202025.pdf" in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == (
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            "object-src 'self'"
        )
        assert response.headers["Cache-Control"] == "private, no-store"
    # The download beside it stays an attachment, and is not cached either.
    with client.get(f"/assessments/{assessment.id}/evidence/{attachment.id}") as response:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["Cache-Control"] == "private, no-store"


def test_jpeg_and_png_are_shown_inline_as_their_checked_type(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    for name, content, wanted in (
        ("现场照片.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG + b"\x00", "image/jpeg"),  # a photo of its own: a copy is refused
        ("截图.png", PNG, "image/png"),
    ):
        attachment = _uploaded(client, assessment.id, name, content)
        with client.get(_view(assessment.id, attachment)) as response:
            assert response.status_code == 200, name
            assert response.headers["Content-Type"] == wanted
            assert response.headers["Content-Disposition"].startswith("inline;")


def test_the_type_comes_from_the_stored_check_never_from_the_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    attachment = _uploaded(client, assessment.id, "a.pdf", PDF)
    attachment.original_name = "a.html"  # however the name reads, the checked type is sent
    db_session.commit()
    with client.get(_view(assessment.id, attachment)) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert 'filename="a.html"' in response.headers["Content-Disposition"]
    # A row whose stored type was never one a browser may show is not shown…
    attachment.content_type = "text/html"
    db_session.commit()
    assert client.get(_view(assessment.id, attachment)).status_code == 404
    # …nor a file whose bytes no longer prove its stored type.
    attachment.content_type = "image/png"
    db_session.commit()
    assert client.get(_view(assessment.id, attachment)).status_code == 404


def test_other_types_are_download_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    text = _uploaded(client, assessment.id, "记录.txt", "演练记录\n".encode())
    shown = _uploaded(client, assessment.id, "a.pdf", PDF)
    assert client.get(_view(assessment.id, text)).status_code == 404
    with client.get(f"/assessments/{assessment.id}/evidence/{text.id}") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
    page = client.get(f"/assessments/{assessment.id}/sections/MS").get_data(as_text=True)
    assert f'href="{_link(assessment.id, shown)}" target="_blank"' in page
    assert _view(assessment.id, text) not in page


def test_svg_or_html_renamed_to_pdf_or_png_is_refused_at_upload(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    for name, content in (("a.png", SVG), ("a.pdf", SVG), ("b.pdf", HTML), ("b.jpg", HTML)):
        response = upload_evidence(client, assessment.id, name, content, follow_redirects=True)
        assert f"文件“{name}”的内容与扩展名" in response.get_data(as_text=True), name
    for name, content in (("a.svg", SVG), ("b.html", HTML)):
        response = upload_evidence(client, assessment.id, name, content, follow_redirects=True)
        assert f"文件“{name}”的类型不允许" in response.get_data(as_text=True), name
    assert db_session.query(Attachment).count() == 0


def test_view_is_refused_as_the_download_is(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine = start(world)
    theirs = start(world, world.org_b)
    db_session.commit()
    auth.login(world.user_a.email)
    attachment = _uploaded(client, mine.id, "a.pdf", PDF)
    auth.logout()
    assert client.get(_view(mine.id, attachment)).status_code == 302  # to the login page
    auth.login(world.user_b.email)
    assert client.get(_view(mine.id, attachment)).status_code == 403
    assert client.get(_view(theirs.id, attachment)).status_code == 404
    auth.logout()
    auth.login(world.secretariat.email)
    with client.get(_view(mine.id, attachment)) as response:
        assert response.status_code == 200


def test_the_view_link_is_beside_the_download_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    attachment = _uploaded(client, assessment.id, "演练记录.pdf", PDF)
    url = f"/assessments/{assessment.id}/sections/MS"
    page = client.get(url).get_data(as_text=True)
    assert f'href="{_link(assessment.id, attachment)}" target="_blank" rel="noopener">查看' in page
    with client.get(_link(assessment.id, attachment)) as response:
        assert (response.status_code, response.data) == (200, PDF)
    assert "（在新标签页中打开）" in page
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    assert f'href="{_link(assessment.id, attachment)}" target="_blank" rel="noopener">View' in page
    assert " (opens in a new tab)" in page
    # The prerequisites page lists its items' files the same way.
    response = upload_evidence(client, assessment.id, "证明.jpg", JPEG, item_id="P1")
    assert response.status_code == 302
    shown = db_session.query(Attachment).filter_by(item_id="P1").one()
    page = client.get(f"/assessments/{assessment.id}/prerequisites").get_data(as_text=True)
    assert f'href="{_link(assessment.id, shown)}" target="_blank" rel="noopener">View' in page


def test_shows_inline_only_pdf_and_images() -> None:
    assert storage.shows_inline("application/pdf")
    assert storage.shows_inline("image/jpeg")
    assert storage.shows_inline("image/png")
    for other in ("text/plain; charset=utf-8", "image/svg+xml", "text/html", "", None):
        assert not storage.shows_inline(other)
