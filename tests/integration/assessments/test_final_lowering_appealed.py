"""A lowered rating of record under appeal, the submit message, the audit log's words.

An upheld appeal reopens the review and keeps the earlier final rating (kind `appealed`) as
the rating of record, which the close freezes: data resubmitted meanwhile lower that one as
they lower a final one. The message after a resubmission names the final rating of record
and what lowered it; the audit log words the lowering in the reader's language, from the
gates it keeps as data, and still reads older entries that kept the engine's text.
"""

from __future__ import annotations

import html
import json
import re
from io import BytesIO

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.final_lowering import LOWERED_ACTION
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.queries import finals_of_record, rubric_of
from rcapp.assessments.review_state import shown_of_record
from rcapp.assessments.snapshots import find_snapshot, shown_scorecard, snapshot_scorecard
from rcapp.audit.models import AuditEntry
from rcapp.cycles.services import close_cycle
from rcapp.reviews import settling
from rcapp.reviews.models import ReviewKind
from rcapp.reviews.services import assign_reviewers
from tests.audit_export import export_bytes
from tests.conftest import AuthActions
from tests.factories_reviews import (
    FATAL_ACCIDENT,
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)

ENGINE_VETO = "veto V"  # how the engine's English reason for a veto gate begins ("veto V1 (")


def db_session_of(assessment: Assessment) -> Session:
    session = Session.object_session(assessment)
    assert session is not None
    return session


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _final_three(appealed: bool) -> tuple[ReviewWorld, Assessment]:
    """Company 0 rated 3 stars by peer review, its appeal upheld if `appealed`; returned."""
    world = make_review_world(3)
    assessment = world.assessments[0]
    review = assign_reviewers(assessment, ReviewKind.ONSITE, reviewers_of(world, 0), world.lead)
    submit_and_finalise(review, world.lead)
    if appealed:
        assert review.appeal_until is not None
        appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
        settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
        assert find_snapshot(assessment, SnapshotKind.FINAL) is None
    assert finals_of_record([assessment.id])[assessment.id].stars == 3
    services.return_assessment(assessment, "请补充事件登记", world.secretariat)
    return world, assessment


def _resubmitted(
    world: ReviewWorld, assessment: Assessment, client: FlaskClient, auth: AuthActions
) -> str:
    session = db_session_of(assessment)
    """Register the fatal accident, resubmit on the page; return the message shown after."""
    member = world.members[0]
    added, problems = services.add_event(assessment, rubric_of(assessment), FATAL_ACCIDENT, member)
    assert added is not None, problems
    session.commit()
    auth.login(member.email)
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert response.status_code == 200
    return _text(response.get_data(as_text=True))


def test_a_fatal_event_lowers_the_appealed_rating_of_record_and_the_close_freezes_it(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=True)
    _resubmitted(world, assessment, client, auth)

    kept = find_snapshot(assessment, SnapshotKind.APPEALED)
    assert kept is not None
    lowered = snapshot_scorecard(kept).rating
    assert (lowered.stars, kept.stars) == (0, 0)
    assert lowered.lowered is not None
    assert lowered.lowered.peer_stars == 3
    rated = finals_of_record([assessment.id])[assessment.id]  # lists, roster, counts
    assert (rated.stars, rated.vetoed, rated.lowered_from) == (0, True, 3)
    shown = shown_of_record(assessment, rubric_of(assessment))  # result page, PDF
    assert shown.kind is SnapshotKind.APPEALED
    assert shown.card.rating.lowered is not None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == LOWERED_ACTION)).one()
    assert entry.field == "appealed"
    page = _text(client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True))
    assert "最终星级 3 星（同行评审）→ 未评定（一票否决）" in page

    close_cycle(world.cycle, world.secretariat)
    db_session.expire_all()
    frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    assert frozen.stars == 0
    published = shown_scorecard(assessment, rubric_of(assessment))
    assert published.kind is SnapshotKind.FROZEN
    assert published.card.rating.lowered is not None
    assert published.card.rating.lowered.peer_stars == 3
    page = _text(client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True))
    assert "最终星级 3 星（同行评审）→ 未评定（一票否决）" in page
    client.get("/lang/en")
    page = _text(client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True))
    assert "Final rating 3 stars (peer-reviewed) → not rated (veto)" in page


def test_the_submit_message_names_the_lowered_final_rating_in_the_users_language(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=False)
    client.get("/lang/en")
    said = _resubmitted(world, assessment, client, auth)
    assert "Submitted. Self-assessment rating: not rated (veto); final rating lowered" in said
    assert "from 3 stars (peer-reviewed) to not rated (veto): Vetoed by “" in said

    services.return_assessment(assessment, "再次核对", world.secretariat)
    db_session.commit()
    client.get("/lang/zh_CN")
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    said = _text(response.get_data(as_text=True))
    assert "已提交。自评星级：未评定（一票否决）；最终星级由 3 星（同行评审）下调为" in said
    assert "下调为 未评定（一票否决）：因“" in said


def test_the_submit_message_says_the_final_rating_stays(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=False)
    db_session.commit()
    auth.login(world.members[0].email)
    response = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    said = _text(response.get_data(as_text=True))
    assert "最终星级仍为 3 星（同行评审），重新提交不会提高最终星级。" in said
    assert "暂定星级" not in said


def _history_rows(client: FlaskClient, assessment: Assessment) -> str:
    page = client.get(f"/assessments/{assessment.id}/history").get_data(as_text=True)
    body = page.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return _text(body)


def test_the_audit_log_words_the_lowering_in_the_readers_language(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=False)
    _resubmitted(world, assessment, client, auth)
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == LOWERED_ACTION)).one()
    stored = json.loads(entry.after or "{}")
    assert [g["kind"] for g in stored["reasons"]] == ["veto"]  # data, not the engine's words

    auth.login(world.secretariat.email)
    rows = _history_rows(client, assessment)
    assert "原因: 因“" in rows
    assert "事件：" in rows
    assert ENGINE_VETO not in rows
    client.get("/lang/en")
    rows = _history_rows(client, assessment)
    assert "Vetoed by “" in rows
    assert "event: " in rows

    filters = {"action": LOWERED_ACTION}
    for lang, said in (("zh_CN", "一票否决，"), ("en", "Vetoed by “")):
        client.get(f"/lang/{lang}")
        sheet = load_workbook(BytesIO(export_bytes(client, filters))).active
        assert sheet is not None
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
        assert any(said in c for c in cells), lang
        assert not any(ENGINE_VETO in c for c in cells), lang


def test_an_older_entry_keeps_showing_the_engines_text(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=False)
    older = {"stars": 2, "peer_stars": 3, "reasons": ["veto V2 (mass incident): on 2025-01-01"]}
    db_session.add(
        AuditEntry(
            actor_id=world.members[0].id,
            entity="assessment",
            entity_id=assessment.id,
            action=LOWERED_ACTION,
            field="final",
            before=json.dumps({"stars": 3}),
            after=json.dumps(older),
        )
    )
    db_session.commit()
    auth.login(world.secretariat.email)
    rows = _history_rows(client, assessment)
    assert "原因: veto V2 (mass incident): on 2025-01-01" in rows
    assert "同行评审的星级: 3" in rows


def test_the_returned_page_under_appeal_says_what_a_resubmission_would_do(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, assessment = _final_three(appealed=True)
    member = world.members[0]
    services.add_event(assessment, rubric_of(assessment), FATAL_ACCIDENT, member)
    db_session.commit()
    auth.login(member.email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    draft = _text(page.split('id="draft-beside"')[1].split("</section>")[0])
    assert "如按当前内容重新提交，最终星级将下调：" in draft
    assert "最终星级 3 星（同行评审）→ 未评定（一票否决）" in draft
    assert finals_of_record([assessment.id])[assessment.id].stars == 3  # not yet lowered
