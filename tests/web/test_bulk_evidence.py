"""Evidence for many items at once: matched by code, previewed, stored all or nothing."""

from __future__ import annotations

import html
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import evidence, services
from rcapp.assessments.models import Assessment, Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import World, fill_complete, make_world, start
from tests.web.helpers import PDF

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"


@pytest.fixture(autouse=True)
def _no_held_files(app: Flask) -> Iterator[None]:
    """Ids come again after each test's rollback: an earlier test's held files would show."""
    yield
    shutil.rmtree(Path(app.config["UPLOAD_DIR"]) / "held-evidence", ignore_errors=True)


def _capped(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    """Organisation A's draft with C1.E1.1 at level 4, no note nor file: it counts lower."""
    world = make_world()
    assessment = start(world)
    services.save_section(
        assessment,
        rubric_of(assessment),
        "C1",
        {"C1.E1.1": ItemInput(level="4", evidence_note="")},
        world.user_a,
    )
    db_session.commit()
    auth.login(world.user_a.email)
    return world, assessment


def _choose(client: FlaskClient, assessment_id: int, files: dict[str, bytes]) -> str:
    data = {"file": [(io.BytesIO(content), name) for name, content in files.items()]}
    response = client.post(
        f"/assessments/{assessment_id}/evidence/bulk",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _shown(page: str) -> dict[str, str]:
    """The preview's held files: file name → key."""
    rows = re.findall(
        r'<th scope="row"[^>]*>([^<]+)<input type="hidden" name="shown" value="(\w+)"', page
    )
    return {html.unescape(name): key for name, key in rows}


def _confirm(
    client: FlaskClient, assessment_id: int, page: str, picks: dict[str, str] | None = None
) -> tuple[int, str]:
    shown = _shown(page)
    data: dict[str, object] = {"action": "confirm", "shown": list(shown.values())}
    for name, item_id in (picks or {}).items():
        data[f"item-{shown[name]}"] = item_id
    response = client.post(
        f"/assessments/{assessment_id}/evidence/bulk/confirm", data=data, follow_redirects=True
    )
    return response.status_code, response.get_data(as_text=True)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _stored_files(app: Flask) -> set[str]:
    """The evidence files on disk (the held folder apart)."""
    directory = Path(app.config["UPLOAD_DIR"])
    return {p.name for p in directory.iterdir() if p.is_file()} if directory.is_dir() else set()


FILES = {
    "c1.e1.1_演练记录.pdf": PDF,
    "MS.G1.1 承诺书.pdf": PDF + b"1",
    "其他材料.pdf": PDF + b"2",
}


def test_the_preview_matches_by_code_and_stores_nothing(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _capped(db_session, auth)
    before = _stored_files(app)
    page = _choose(client, assessment.id, FILES)
    text = _text(page)
    assert "c1.e1.1_演练记录.pdf C1.E1.1 每年至少一次综合演练并评估 4" in text
    assert "不再因缺少证据按较低等级计分" in text  # C1.E1.1 counts lower until a file comes
    assert "MS.G1.1 承诺书.pdf MS.G1.1" in text
    assert "其他材料.pdf 文件名开头不是评价项编号，请选择评价项" in text
    assert db_session.query(Attachment).count() == 0
    assert _stored_files(app) == before
    assert db_session.query(AuditEntry).filter_by(action="evidence.add").count() == 0


def test_confirm_stores_every_file_through_the_single_upload(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _capped(db_session, auth)
    page = _choose(client, assessment.id, FILES)
    status, done = _confirm(client, assessment.id, page, {"其他材料.pdf": "C1.E1.2"})
    assert status == 200
    assert "已为 3 项上传 3 个文件；1 项不再因缺少证据按较低等级计分" in _text(done)
    stored = {(a.item_id, a.original_name) for a in db_session.query(Attachment)}
    assert stored == {
        ("C1.E1.1", "c1.e1.1_演练记录.pdf"),
        ("MS.G1.1", "MS.G1.1 承诺书.pdf"),
        ("C1.E1.2", "其他材料.pdf"),
    }
    assert db_session.query(AuditEntry).filter_by(action="evidence.add").count() == 3
    assert len(_stored_files(app)) >= 3
    # the held files are gone: the page shows no preview any more
    assert _shown(client.get(f"/assessments/{assessment.id}/evidence/bulk").get_data(True)) == {}


def test_an_unmatched_file_left_unchosen_is_skipped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _capped(db_session, auth)
    page = _choose(client, assessment.id, FILES)
    _status, done = _confirm(client, assessment.id, page)
    assert "已为 2 项上传 2 个文件" in _text(done)
    assert db_session.query(Attachment).filter_by(original_name="其他材料.pdf").count() == 0


def test_a_refusal_at_confirm_names_file_and_item_and_stores_nothing(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, assessment = _capped(db_session, auth)
    evidence.add_attachment(
        assessment,
        rubric_of(assessment),
        "MS.G1.1",
        "旧.pdf",
        io.BytesIO(PDF + b"old"),
        world.user_a,
    )
    db_session.commit()
    monkeypatch.setattr(evidence, "MAX_FILES_PER_ITEM", 1)  # MS.G1.1 is full
    before = _stored_files(app)
    page = _choose(client, assessment.id, FILES)
    _status, back = _confirm(client, assessment.id, page)
    text = _text(back)
    assert "没有上传任何文件：“MS.G1.1 承诺书.pdf”（评价项 MS.G1.1）未通过检查" in text
    assert db_session.query(Attachment).count() == 1  # only the old one
    assert _stored_files(app) == before  # C1.E1.1's copy, written first, is gone again
    assert set(_shown(back)) == set(FILES)  # the files stay held to try again


def test_a_refused_file_is_named_when_chosen_and_not_held(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _capped(db_session, auth)
    page = _choose(
        client,
        assessment.id,
        {"C1.E1.1 setup.pdf": EXE, "C1.E1.1 照片.heic": b"heic", "MS.G1.1 承诺书.pdf": PDF},
    )
    text = _text(page)
    assert "文件“C1.E1.1 setup.pdf”的内容与扩展名 .pdf 不符，未上传。" in text
    assert "C1.E1.1 照片.heic" in text
    assert "JPG" in text  # the iPhone photo advice
    assert set(_shown(page)) == {"MS.G1.1 承诺书.pdf"}


def test_another_organisation_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_b.email)
    assert client.get(f"/assessments/{assessment.id}/evidence/bulk").status_code == 403
    response = client.post(
        f"/assessments/{assessment.id}/evidence/bulk",
        data={"file": [(io.BytesIO(PDF), "C1.E1.1 a.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_a_submitted_assessment_refuses_the_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _capped(db_session, auth)
    page = _choose(client, assessment.id, FILES)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    before = db_session.query(Attachment).count()  # the prerequisite's own file (parkinc)
    status, refused = _confirm(client, assessment.id, page)
    assert status == 409
    assert "已提交" in _text(refused)
    assert db_session.query(Attachment).count() == before


def test_the_overview_links_to_the_page_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = _capped(db_session, auth)
    page = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f'href="/assessments/{assessment.id}/evidence/bulk">批量上传证据' in page
    client.get("/lang/en?next=/")
    page = client.get(f"/assessments/{assessment.id}/evidence/bulk").get_data(as_text=True)
    assert "Upload evidence for many items" in page
