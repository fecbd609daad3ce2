"""Closing a corrective action with an evidence file: checked like assessment evidence,
never left behind when the row is not written, downloadable by the organisation, the lead
and the secretariat (which may confirm the closure), not by the reviewers."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import storage
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import ActionStatus, Finding, FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def _final_with_action(db_session: Session) -> tuple[ReviewWorld, Finding]:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    finding = reviewing.add_finding(
        assignment,
        FindingKind.CORRECTIVE_ACTION,
        "应急预案未演练",
        None,
        "王工",
        dt.date(2026, 6, 30),
        assignment.reviewer,
    )
    for each in review.assignments:
        reviewing.accept_remaining(each, list(review.sample), set(), each.reviewer)
        reviewing.submit_assignment(each, each.reviewer)
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    return world, finding


def _files() -> set[str]:
    directory = storage.upload_dir()
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


def _close(client: FlaskClient, finding: Finding, name: str, content: bytes) -> str:
    response = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={
            f"c-{finding.id}-evidence": "已组织演练，见记录",
            f"c-{finding.id}-evidence_file": (io.BytesIO(content), name),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def _sent_back_with_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> tuple[ReviewWorld, Finding]:
    """The organisation (logged in) closed the action with evid.pdf; the lead sent it back."""
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    _close(client, finding, "evid.pdf", PDF)
    settling.accept_action(finding, False, world.lead, "签字页缺失")
    db_session.commit()
    return world, finding


def test_the_organisation_closes_with_a_file_that_the_lead_downloads(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    before = _files()
    auth.login(world.members[0].email)
    page = _close(client, finding, "演练记录.pdf", PDF)
    assert "已整改，待工作组组长或副组长确认关闭或退回。" in page
    assert "演练记录.pdf" in page
    db_session.refresh(finding)
    assert finding.action_status is ActionStatus.CLOSED
    assert (finding.closing_file_name, finding.closing_file_type) == (
        "演练记录.pdf",
        "application/pdf",
    )
    assert _files() - before == {finding.closing_file_stored}
    url = f"/reviews/findings/{finding.id}/evidence"
    own = client.get(url)
    assert (own.status_code, own.data) == (200, PDF)
    own.close()
    auth.logout()
    auth.login(world.lead.email)
    lead = client.get(url)
    assert lead.status_code == 200
    assert lead.headers["Content-Disposition"].startswith("attachment")
    lead.close()
    for outsider in (world.members[3], finding.review.assignments[0].reviewer):
        auth.logout()
        auth.login(outsider.email)
        assert client.get(url).status_code == 403, outsider.email


@pytest.mark.parametrize(
    ("lang", "label", "confirm"),
    [("zh_CN", "证据文件：", "确认关闭"), ("en", "Evidence file: ", "Accept as closed")],
)  # fmt: skip
def test_the_secretariat_sees_the_evidence_it_may_confirm(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str,
    confirm: str,
) -> None:  # fmt: skip
    """QA32 D3: the secretariat had the confirm button but a 403 on the evidence file."""
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    _close(client, finding, "演练记录.pdf", PDF)
    auth.logout()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/findings/{finding.id}/evidence"
    page = client.get(f"/reviews/{finding.review_id}/final").get_data(as_text=True)
    assert confirm in page
    assert f'{label}<a href="{url}">' in page
    assert "演练记录.pdf" in page
    response = client.get(url)
    assert (response.status_code, response.data) == (200, PDF)
    response.close()


def test_a_renamed_program_is_refused_by_content_and_nothing_is_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    before = _files()
    auth.login(world.members[0].email)
    page = _close(client, finding, "记录.pdf", b"MZ\x90\x00 not a pdf at all")
    assert "记录.pdf" in page  # the message names the file
    db_session.refresh(finding)
    assert finding.action_status is ActionStatus.OPEN
    assert finding.closing_file_stored is None
    assert _files() == before


def test_a_name_that_is_only_an_extension_is_named_as_chosen(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    page = _close(client, finding, ".pdf", PDF)
    assert "文件“.pdf”只有扩展名，没有文件名，未上传" in page
    db_session.refresh(finding)
    assert finding.action_status is ActionStatus.OPEN


def test_a_file_above_the_limit_is_refused(db_session: Session) -> None:
    world, finding = _final_with_action(db_session)
    before = _files()
    too_big = io.BytesIO(PDF + b"0" * storage.max_upload_bytes())
    with pytest.raises(storage.UploadRefused) as refused:
        settling.close_action(finding, "证据", world.members[0], ("大文件.pdf", too_big))
    assert refused.value.code == "size"
    db_session.rollback()
    db_session.refresh(finding)
    assert finding.action_status is ActionStatus.OPEN
    assert _files() == before


def test_no_orphan_file_when_the_row_is_not_written_or_not_committed(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, finding = _final_with_action(db_session)
    before = _files()
    # Not committed: the file goes with the rolled-back transaction.
    settling.close_action(finding, "证据", world.members[0], ("a.pdf", io.BytesIO(PDF)))
    assert len(_files() - before) == 1
    db_session.rollback()
    assert _files() == before
    # The row cannot be written: the file is removed at once.
    db_session.refresh(finding)

    def broken_flush(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(Session, "flush", broken_flush)
    with pytest.raises(RuntimeError):
        settling.close_action(finding, "证据", world.members[0], ("b.pdf", io.BytesIO(PDF)))
    monkeypatch.undo()
    db_session.rollback()
    assert _files() == before
    assert not any(Path(storage.upload_dir(), n).exists() for n in _files() - before)


def test_a_text_file_is_sent_with_one_charset(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa10 S10: "text/plain; charset=utf-8; charset=utf-8" (stored with it, Werkzeug added one)."""
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    _close(client, finding, "记录.txt", "演练记录：2025-06-01\n".encode())
    db_session.refresh(finding)
    assert finding.closing_file_name == "记录.txt"
    response = client.get(f"/reviews/findings/{finding.id}/evidence")
    assert response.status_code == 200
    assert response.headers["Content-Type"].count("charset") == 1
    response.close()


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        ("zh", "请选择是否继续附上此前提交的证据文件 evid.pdf"),
        ("en", "Please choose whether to keep attaching the earlier evidence file evid.pdf"),
    ],
)
def test_closing_a_sent_back_action_again_asks_about_the_file_the_lead_did_not_accept(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, asked: str
) -> None:
    """QA33 S6: the rejected file was carried silently into the new closing and its mail."""
    _, finding = _sent_back_with_file(client, db_session, auth)
    stored = finding.closing_file_stored
    assert stored is not None
    client.get(f"/lang/{lang}")
    url = f"/reviews/findings/{finding.id}/close"
    evidence = {f"c-{finding.id}-evidence": "补签后的记录"}
    response = client.post(url, data=evidence)
    page = " ".join(response.get_data(as_text=True).replace("&#39;", "'").split())
    assert asked in page
    assert "补签后的记录" in page  # what was typed is kept
    db_session.refresh(finding)
    assert finding.action_status is ActionStatus.OPEN
    dropped = client.post(url, data={**evidence, f"c-{finding.id}-earlier_file": "drop"})
    assert dropped.status_code == 302
    db_session.refresh(finding)
    assert (finding.action_status, finding.closing_file_name) == (ActionStatus.CLOSED, None)
    assert stored not in _files()  # deleted with the commit


def test_the_earlier_file_may_be_kept_on_purpose(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _, finding = _sent_back_with_file(client, db_session, auth)
    kept = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={f"c-{finding.id}-evidence": "原文件已补签", f"c-{finding.id}-earlier_file": "keep"},
    )
    assert kept.status_code == 302
    db_session.refresh(finding)
    assert (finding.action_status, finding.closing_file_name) == (ActionStatus.CLOSED, "evid.pdf")
