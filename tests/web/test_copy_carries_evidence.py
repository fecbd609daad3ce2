"""Copy from last year brings the items' evidence files with the answers (qa45 D1).

Without the files nearly every copied level was capped for missing evidence. Each file is a
copy of its own: deleting it in the new year leaves last year's file downloadable.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services, storage
from rcapp.assessments.models import Assessment, AssessmentStatus, Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import World, make_assessment, make_cycle, make_world, start
from tests.web.helpers import page_text

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _last_year_with_a_file(
    db_session: Session, *, submitted: bool = True
) -> tuple[World, Assessment, Assessment]:
    """Organisation A: 2024 answered C1.E1.1 level 3 with a file only (no note); 2025 empty."""
    world = make_world(year=2025)
    current = start(world)
    rubric = rubric_of(current)
    previous = make_assessment(
        world.org_a,
        make_cycle(year=2024, status=CycleStatus.CLOSED),
        rubric_sha256=current.rubric_sha256,
    )
    services.save_section(previous, rubric, "C1", {"C1.E1.1": ItemInput(level="3")}, world.user_a)
    services.add_attachment(
        previous, rubric, "C1.E1.1", "演练记录.pdf", io.BytesIO(PDF), world.user_a
    )
    if submitted:
        previous.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    return world, previous, current


def test_copied_answers_keep_their_files_and_levels_and_a_deletion_keeps_last_years_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, previous, current = _last_year_with_a_file(db_session)
    auth.login(world.user_a.email)
    overview = page_text(client, f"/assessments/{current.id}")
    assert "2024 年度上传的 1 个证据文件一并复制" in overview
    assert "最多 1 个证据文件随答案复制" in overview  # in the confirm
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert (
        "已从 2024 年度复制 1 项答案到空白项（已填写的未改动）。随答案复制了 1 个证据文件。"
        "请逐项核对后保存" in page
    )
    assert "请逐一核对随答案复制的上年证据文件是否仍然有效" in page
    assert "因缺少证据按较低等级计分" not in page  # the level counts as chosen
    db_session.expire_all()
    copy = db_session.query(Attachment).filter_by(assessment_id=current.id).one()
    old = db_session.query(Attachment).filter_by(assessment_id=previous.id).one()
    assert (copy.item_id, copy.original_name) == ("C1.E1.1", "演练记录.pdf")
    assert copy.sha256 == old.sha256
    assert copy.stored_name != old.stored_name  # a file of its own
    assert services.evidence_warnings(current, rubric_of(current), {"C1.E1.1"}) == ()
    with client.get(f"/assessments/{current.id}/evidence/{copy.id}") as download:
        assert download.status_code == 200
        assert download.data == PDF

    deleted = client.post(f"/assessments/{current.id}/evidence/{copy.id}/delete")
    assert deleted.status_code == 302
    db_session.expire_all()
    assert db_session.query(Attachment).filter_by(assessment_id=current.id).count() == 0
    with client.get(f"/assessments/{previous.id}/evidence/{old.id}") as kept:
        assert kept.status_code == 200
        assert kept.data == PDF


@pytest.mark.parametrize(
    ("lang", "files", "draft"),
    [
        (
            "zh_CN",
            "随答案复制了 1 个证据文件。",
            "复制来源是 2024 年度没有提交的自评",
        ),
        (
            "en",
            "1 evidence file was copied with them.",
            "The copy comes from the 2024 self-assessment, which was not submitted",
        ),
    ],
)
def test_copying_from_an_unsubmitted_draft_says_so_before_and_after(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, files: str, draft: str
) -> None:
    world, _previous, current = _last_year_with_a_file(db_session, submitted=False)
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    overview = page_text(client, f"/assessments/{current.id}")
    before = {
        "zh_CN": "注意：2024 年度的自评没有提交，答案未经评审。",
        "en": "Note: the 2024 self-assessment was not submitted; its answers were never reviewed.",
    }
    assert before[lang] in overview
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert files in page
    assert draft in page


def test_a_file_gone_from_storage_is_counted_not_copied(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    world, previous, current = _last_year_with_a_file(db_session)
    old = db_session.query(Attachment).filter_by(assessment_id=previous.id).one()
    storage.stored_path(old.stored_name, Path(app.config["UPLOAD_DIR"])).unlink()
    auth.login(world.user_a.email)
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "另有 1 个上年证据文件已不在存储中" in page
    assert "没有证据文件随答案复制" in page
    assert db_session.query(Attachment).filter_by(assessment_id=current.id).count() == 0


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh_CN",
            "已从 2024 年度复制 1 项答案到空白项（已填写的未改动）。没有证据文件随答案复制；"
            "需要证据的评价项，请在其下方“上传证据文件”。请逐项核对后保存",
        ),
        (
            "en",
            "Copied 1 answers from 2024 into empty items (answers already given were left "
            "alone). No evidence files came with the answers: for an item that needs evidence, "
            "use “Upload evidence files” under it. Review each one and save",
        ),
    ],
)
def test_a_copy_without_files_says_none_came_and_how_to_attach_them(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """selfleft e: the success message counted the answers only, and was silent on files."""
    world, previous, current = _last_year_with_a_file(db_session)
    db_session.query(Attachment).filter_by(assessment_id=previous.id).delete()
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    assert said in html.unescape(response.get_data(as_text=True))
