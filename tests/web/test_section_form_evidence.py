"""Evidence on the answer pages: uploading or deleting saves the typed answers first, several
files at once, back to the item; prerequisites take evidence; copy from last year."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus, Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import (
    answer_of,
    make_assessment,
    make_cycle,
    make_user,
    make_world,
    start,
)
from tests.web.helpers import member_with_assessment

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_upload_saves_the_unsaved_answers_first_and_takes_several_files(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={
            "C1.E1.1__level": "3",
            "C1.E1.1__evidence_note": "演练记录 2025",
            "C1.E1.2__value": "4",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [
                (io.BytesIO(PDF), "演练方案.pdf"),
                (io.BytesIO(PNG), "现场照片.png"),
            ],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/assessments/{assessment.id}/sections/C1#item-C1.E1.1"
    )
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (3, None)
    assert answer_of(assessment, "C1.E1.2")[1] == 4
    names = sorted(a.original_name for a in db_session.query(Attachment).all())
    assert names == ["演练方案.pdf", "现场照片.png"]


def test_a_refused_file_is_named_and_the_answers_are_still_saved(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={
            "C1.E1.1__level": "2",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [(io.BytesIO(b"MZ\x90\x00"), "tool.pdf")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "文件“tool.pdf”的内容与扩展名 .pdf 不符，未上传。" in page
    db_session.expire_all()
    assert answer_of(assessment, "C1.E1.1") == (2, None)
    assert db_session.query(Attachment).count() == 0


def test_delete_in_the_page_saves_answers_and_deletes_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    attachment = services.add_attachment(
        assessment, rubric_of(assessment), "C1.E1.1", "旧方案.pdf", io.BytesIO(PDF), world.user_a
    )
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/assessments/{assessment.id}/sections/C1").get_data(as_text=True)
    assert f'name="delete_evidence" value="{attachment.id}:{attachment.original_name}"' in page
    assert "data-confirm=" in page  # the browser asks before deleting
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1",
        data={"C1.E1.1__level": "1", "delete_evidence": str(attachment.id)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#item-C1.E1.1")
    db_session.expire_all()
    assert db_session.query(Attachment).count() == 0
    assert answer_of(assessment, "C1.E1.1") == (1, None)


def test_a_stale_delete_never_removes_a_newer_file_and_says_who_deleted_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa41 D1/D9: the colleague deleted old_sds.pdf and uploaded another file meanwhile."""
    world = make_world()
    assessment = start(world)
    colleague = make_user(world.org_a, name="孙志强")
    rubric = rubric_of(assessment)
    old = services.add_attachment(
        assessment, rubric, "C1.E1.1", "old_sds.pdf", io.BytesIO(PDF), world.user_a
    )
    db_session.commit()
    auth.login(world.user_a.email)
    url = f"/assessments/{assessment.id}/sections/C1"
    page = client.get(url).get_data(as_text=True)
    shown = f"{old.id}:{old.original_name}"
    assert f'name="delete_evidence" value="{shown}"' in page
    # The colleague, in his own session: deletes it and uploads another file (on SQLite
    # without AUTOINCREMENT the new row took the deleted id).
    services.delete_attachment(assessment, old, colleague)
    new = services.add_attachment(
        assessment, rubric, "C1.E1.2", "new_register.pdf", io.BytesIO(PDF), colleague
    )
    db_session.commit()
    new_id = new.id
    response = client.post(
        url,
        data={"C1.E1.1__level": "1", "delete_evidence": shown},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the section page, not a 404
    assert "证据文件“old_sds.pdf”已被孙志强删除。" in page
    assert "已保存。" in page
    db_session.expire_all()
    assert db_session.get(Attachment, new_id) is not None
    assert answer_of(assessment, "C1.E1.1") == (1, None)
    # Pressed once more (an older page with the bare id): still no 404, nothing deleted.
    again = client.post(url, data={"delete_evidence": str(old.id)}, follow_redirects=True)
    assert again.status_code == 200
    assert "已被孙志强删除" in again.get_data(as_text=True)


def test_element_save_returns_to_the_element(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C1"
    page = client.get(url).get_data(as_text=True)
    assert 'name="anchor" value="element-C1.E1"' in page  # a save button per element
    assert "sticky-actions" in page
    # Level 1 needs no evidence: a clean save (a capped level is shown again with a warning).
    response = client.post(url, data={"C1.E1.1__level": "1", "anchor": "element-C1.E1"})
    assert response.headers["Location"].endswith("#element-C1.E1")
    odd = client.post(url, data={"anchor": 'x"><script>'})
    assert odd.headers["Location"].endswith(url)  # an odd anchor is dropped


def test_prerequisites_page_takes_evidence(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/prerequisites"
    assert 'name="evidence-P1"' in client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={
            "P1__level": "1",
            "upload": "P1",
            "evidence-P1": [(io.BytesIO(PDF), "安全生产许可证.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#item-P1")
    db_session.expire_all()
    assert answer_of(assessment, "P1") == (1, None)
    assert db_session.query(Attachment).one().item_id == "P1"


def test_copy_from_last_year_fills_empty_answers_and_keeps_a_draft(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    current = start(world)
    rubric = rubric_of(current)
    last_cycle = make_cycle(year=2024, status=CycleStatus.CLOSED)
    previous = make_assessment(world.org_a, last_cycle, rubric_sha256=current.rubric_sha256)
    services.save_section(
        previous,
        rubric,
        "C1",
        {
            "C1.E1.1": ItemInput(level="3", evidence_note="去年演练"),
            "C1.E1.2": ItemInput(value="5"),
        },
        world.user_a,
    )
    previous.status = AssessmentStatus.SUBMITTED
    services.save_section(current, rubric, "C1", {"C1.E1.2": ItemInput(value="7")}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    overview = client.get(f"/assessments/{current.id}").get_data(as_text=True)
    assert "从 2024 年度复制答案" in overview
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    assert "已从 2024 年度复制 1 项答案" in response.get_data(as_text=True)
    db_session.expire_all()
    assert answer_of(current, "C1.E1.1") == (3, None)
    assert answer_of(current, "C1.E1.2")[1] == 7  # typed this year: not overwritten
    assert current.status is AssessmentStatus.DRAFT  # never submitted silently
