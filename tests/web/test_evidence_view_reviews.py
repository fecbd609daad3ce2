"""Viewing evidence in the browser on the peer-review pages: the reviewer's page (while
assigned, until the review is final) and a corrective action's file on the final page."""

from __future__ import annotations

import io
from urllib.parse import quote

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Assessment, AssessmentStatus, Attachment
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import PDF
from tests.web.test_action_evidence_file import _close, _final_with_action


def _attach(assessment: Assessment, name: str, content: bytes) -> Attachment:
    stored = storage.store_upload(io.BytesIO(content), name, 1024 * 1024, storage.upload_dir())
    attachment = Attachment(
        assessment=assessment,
        item_id="C1.E1.1",
        original_name=name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    db.session().add(attachment)
    db.session().flush()
    return attachment


def test_the_assigned_reviewer_views_a_pdf_until_the_review_is_final(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assignment = review.assignments[0]
    pdf = _attach(world.assessments[0], "演练记录.pdf", PDF)
    text = _attach(world.assessments[0], "记录.txt", "记录\n".encode())
    other = _attach(world.assessments[1], "其他.pdf", PDF)
    db_session.commit()
    base = f"/reviews/assignments/{assignment.id}/evidence"
    auth.login(assignment.reviewer.email)
    with client.get(f"{base}/{pdf.id}/view") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("inline;")
        assert response.headers["Content-Security-Policy"] == storage.INLINE_POLICY
        assert response.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"{base}/{text.id}/view").status_code == 404  # download only
    assert client.get(f"{base}/{other.id}/view").status_code == 404  # not this assessment
    page = client.get(f"/reviews/assignments/{assignment.id}?section=C1").get_data(as_text=True)
    link = f"{base}/{pdf.id}/view/{quote('演练记录.pdf')}"  # the name titles an image's tab
    assert f'href="{link}" target="_blank" rel="noopener">查看' in page
    with client.get(link) as response:
        assert (response.status_code, response.data) == (200, PDF)
    assert f"{base}/{text.id}/view" not in page
    client.get("/lang/en")
    page = client.get(f"/reviews/assignments/{assignment.id}?section=C1").get_data(as_text=True)
    assert f'href="{link}" target="_blank" rel="noopener">View' in page
    auth.logout()
    # Neither the company's other reviewers nor the reviewed company use the reviewer's route.
    for outsider in (world.reviewers[4], world.members[0], world.secretariat):
        auth.login(outsider.email)
        assert client.get(f"{base}/{pdf.id}/view").status_code == 403, outsider.email
        auth.logout()
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(assignment.reviewer.email)
    assert client.get(f"{base}/{pdf.id}/view").status_code == 403
    assert client.get(link).status_code == 403
    assert client.get(f"{base}/{pdf.id}").status_code == 403


def test_a_corrective_actions_pdf_is_viewed_by_the_organisation_the_lead_and_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    _close(client, finding, "演练记录.pdf", PDF)
    view = f"/reviews/findings/{finding.id}/evidence/view"
    final = f"/reviews/{finding.review_id}/final"
    for language, word in (("zh_CN", "查看"), ("en", "View")):
        client.get(f"/lang/{language}")
        page = client.get(final).get_data(as_text=True)
        link = f"{view}/{quote('演练记录.pdf')}"
        assert f'href="{link}" target="_blank" rel="noopener">{word}' in page, language
    for user in (world.members[0], world.lead, world.secretariat):  # it confirms the closure
        auth.logout()
        auth.login(user.email)
        with client.get(view) as response:
            assert response.status_code == 200, user.email
            assert response.data == PDF
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.headers["Content-Disposition"].startswith("inline;")
            assert response.headers["Content-Security-Policy"] == storage.INLINE_POLICY
    for outsider in (world.members[3], finding.review.assignments[0].reviewer):
        auth.logout()
        auth.login(outsider.email)
        assert client.get(view).status_code == 403, outsider.email


def test_a_corrective_actions_text_file_is_download_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    page = _close(client, finding, "记录.txt", "演练记录\n".encode())
    view = f"/reviews/findings/{finding.id}/evidence/view"
    assert f"/reviews/findings/{finding.id}/evidence" in page
    assert view not in page
    assert client.get(view).status_code == 404


def test_an_action_without_a_file_has_nothing_to_view(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    assert client.get(f"/reviews/findings/{finding.id}/evidence/view").status_code == 404


def test_the_lead_views_a_members_evidence_once_submitted_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    assessment = world.assessments[0]
    pdf = _attach(assessment, "演练记录.pdf", PDF)
    db_session.commit()
    view = f"/assessments/{assessment.id}/evidence/{pdf.id}/view"
    auth.login(world.lead.email)
    with client.get(view) as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("inline;")
    assessment.status = AssessmentStatus.DRAFT  # a member's draft and its evidence are private
    db_session.commit()
    assert client.get(view).status_code == 403
    assert client.get(f"/assessments/{assessment.id}/evidence/{pdf.id}").status_code == 403
    auth.logout()
    # Another member of the group sees neither.
    auth.login(world.members[1].email)
    assert client.get(view).status_code == 403
