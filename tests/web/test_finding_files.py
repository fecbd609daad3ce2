"""Photos and files on a reviewer's finding: attached when recorded or edited, checked and
stored as evidence is, seen by the reviewer, the lead once submitted, the organisation once
final and the secretariat; nobody else. Deleting the finding deletes its files."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, User
from rcapp.assessments import storage
from rcapp.audit.models import AuditEntry
from rcapp.reviews import lead_findings, reviewing, settling
from rcapp.reviews.finding_files import attach_files
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import Finding, FindingFile, FindingKind, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user, make_working_group
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
TEXT = "切断阀未做功能测试"


def _files() -> set[str]:
    directory = storage.upload_dir()
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


def _world(db_session: Session) -> tuple[ReviewWorld, ReviewAssignment]:
    world = make_review_world(5)
    review = assign_all(world)[0]
    db_session.commit()
    return world, review.assignments[0]


def _record(
    client: FlaskClient, assignment: ReviewAssignment, files: list[tuple[bytes, str]]
) -> str:
    response = client.post(
        f"/reviews/assignments/{assignment.id}/findings",
        data={
            "kind": "improvement",
            "item_id": "",
            "text": TEXT,
            "owner": "",
            "due_on": "",
            "files": [(io.BytesIO(content), name) for content, name in files],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def _status(client: FlaskClient, auth: AuthActions, user: User, url: str) -> int:
    auth.logout()
    auth.login(user.email)
    response = client.get(url)
    response.close()
    return response.status_code


def test_the_reviewer_attaches_a_photo_that_the_lead_and_the_company_see(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _world(db_session)
    review = assignment.review
    other_reviewer = review.assignments[1].reviewer
    other_group = make_working_group()
    other_lead = make_user(make_organisation())
    make_group_role(other_lead, other_group, GroupRole.LEAD)
    db_session.commit()
    before = _files()
    auth.login(assignment.reviewer.email)
    page = _record(client, assignment, [(PNG, "阀门.png"), (PDF, "记录表.pdf")])
    assert "发现已记录。" in page
    finding = db_session.scalars(select(Finding).where(Finding.text == TEXT)).one()
    names = [f.original_name for f in finding.files]
    assert names == ["阀门.png", "记录表.pdf"]
    assert _files() - before == {f.stored_name for f in finding.files}
    photo = finding.files[0]
    url = f"/reviews/finding-files/{photo.id}"
    assert f'href="{url}"' in page
    own = client.get(url)
    assert (own.status_code, own.data) == (200, PNG)
    assert own.headers["Content-Disposition"].startswith("attachment")
    own.close()
    # Before the reviewer submits: not the other reviewer, not the lead, not the company.
    for outsider in (other_reviewer, world.lead, world.members[0], other_lead):
        assert _status(client, auth, outsider, url) == 403, outsider.email
    for each in review.assignments:
        reviewing.accept_remaining(each, list(review.sample), set(), each.reviewer)
        reviewing.submit_assignment(each, each.reviewer)
    db_session.commit()
    # Submitted: the lead sees it on the consolidation page; the company not yet.
    assert _status(client, auth, world.lead, url) == 200
    consolidate = client.get(f"/reviews/{review.id}/consolidate?all=1").get_data(as_text=True)
    assert f'href="{url}"' in consolidate
    assert _status(client, auth, world.members[0], url) == 403
    assert _status(client, auth, other_reviewer, url) == 403
    assert _status(client, auth, other_lead, url) == 403
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    # Final: the company sees it on its result page, and may view the photo inline.
    assert _status(client, auth, world.members[0], url) == 200
    final = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert f'href="{url}"' in final
    view = client.get(f"{url}/view/阀门.png")
    assert (view.status_code, view.data) == (200, PNG)
    assert view.headers["Content-Disposition"].startswith("inline")
    assert view.headers["Content-Security-Policy"] == storage.INLINE_POLICY
    assert view.headers["Cache-Control"] == "private, no-store"
    view.close()
    assert _status(client, auth, world.secretariat, url) == 200
    for outsider in (world.members[3], other_lead, other_reviewer):
        assert _status(client, auth, outsider, url) == 403, outsider.email


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", f"发现“{TEXT}”未保存：文件“阀门.png”的内容与扩展名 .png 不符，未上传。"),
        (
            "en",
            f"The finding “{TEXT}” was not saved: The content of the file “阀门.png” does not",
        ),
    ],
)
def test_a_file_of_the_wrong_type_is_named_with_the_finding_and_the_text_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    _world_, assignment = _world(db_session)
    before = _files()
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    page = _record(client, assignment, [(PDF, "记录表.pdf"), (b"MZ\x90\x00 program", "阀门.png")])
    assert said in page
    assert f"{TEXT}</textarea>" in page  # what was typed stays in the form
    assert db_session.scalars(select(Finding).where(Finding.text == TEXT)).first() is None
    assert _files() == before  # the PDF stored before the refusal went with the rollback


def test_at_most_five_files_on_a_finding(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world_, assignment = _world(db_session)
    auth.login(assignment.reviewer.email)
    six = [(PNG, f"照片{i}.png") for i in range(1, 7)]
    page = _record(client, assignment, six)
    assert "文件“照片6.png”未附上：每条发现最多附 5 个文件。" in page
    assert db_session.scalars(select(FindingFile)).first() is None


def test_a_file_added_on_editing_stays_when_the_lead_edits_and_goes_with_the_finding(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assignment = _world(db_session)
    auth.login(assignment.reviewer.email)
    _record(client, assignment, [])
    finding = db_session.scalars(select(Finding).where(Finding.text == TEXT)).one()
    prefix = f"f{finding.id}"
    response = client.post(
        f"/reviews/assignments/{assignment.id}/findings/{finding.id}/edit",
        data={
            f"{prefix}-kind": "improvement",
            f"{prefix}-item_id": "",
            f"{prefix}-text": TEXT + "，已拍照",
            f"{prefix}-seen": finding_stamp(finding),
            f"{prefix}-files": (io.BytesIO(PNG), "阀门.png"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "发现已修改。" in response.get_data(as_text=True)
    db_session.refresh(finding)
    assert [f.original_name for f in finding.files] == ["阀门.png"]
    stored = finding.files[0].stored_name
    actions = db_session.scalars(
        select(AuditEntry.action).where(AuditEntry.field == str(finding.id))
    )
    assert "review.finding_file_add" in set(actions)
    # The reviewer deletes the finding: its file row and its stored file go.
    client.post(
        f"/reviews/assignments/{assignment.id}/findings/{finding.id}/delete",
        data={"seen": finding_stamp(finding)},
    )
    db_session.expire_all()
    assert db_session.get(Finding, finding.id) is None
    assert db_session.scalars(select(FindingFile)).first() is None
    assert stored not in _files()


def test_the_lead_editing_a_finding_keeps_its_files(db_session: Session) -> None:
    world, assignment = _world(db_session)
    review = assignment.review
    finding = reviewing.add_finding(
        assignment, FindingKind.IMPROVEMENT, TEXT, None, "", None, assignment.reviewer
    )
    attach_files(finding, [("阀门.png", io.BytesIO(PNG))], assignment.reviewer)
    for each in review.assignments:
        reviewing.accept_remaining(each, list(review.sample), set(), each.reviewer)
        reviewing.submit_assignment(each, each.reviewer)
    lead_findings.edit_finding(
        review, finding, TEXT + "（组长修改）", "", None, world.lead, finding_stamp(finding)
    )
    db_session.commit()
    db_session.expire_all()
    kept = db_session.get(Finding, finding.id)
    assert kept is not None
    assert [f.original_name for f in kept.files] == ["阀门.png"]
