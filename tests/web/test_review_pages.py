"""Peer-review pages: the journey through the test client, per-item saves, who may see what."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Assessment, Attachment
from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import ActionStatus, FindingKind, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories_reviews import VISIT, ReviewWorld, make_review_world
from tests.web.helpers import finalise_confirmed


def _assign(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> list[ReviewAssignment]:
    auth.login(world.lead.email)
    target = world.assessments[0]
    page = client.get(f"/reviews/assessments/{target.id}/assign").get_data(as_text=True)
    assert world.reviewers[1].name in page
    # The company's own reviewer is listed with the reason they cannot review it.
    assert "评审员来自被评审单位本身" in page
    ids = [world.reviewers[1].id, world.reviewers[2].id]
    response = client.post(
        f"/reviews/assessments/{target.id}/assign",
        data={"kind": "onsite", "visit_on": VISIT, "reviewers": ids},
    )
    assert response.status_code == 302
    auth.logout()
    from rcapp.reviews import queries

    mailed = (
        db.session()
        .scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "review"))
        .all()
    )
    assert sorted(mailed) == sorted(r.email for r in world.reviewers[1:3])

    review = queries.find_review(target)
    assert review is not None
    return list(review.assignments)


ITEMS = ("MS.G1.1", "MS.G1.2", "C1.E1.1", "C1.E1.2", "C6.E1.1")


def _accept(client: FlaskClient, assignment_id: int, skip: str = "") -> None:
    """Accept every (sampled) item but `skip`, one per-item save at a time."""
    for item_id in ITEMS:
        if item_id != skip:
            response = client.post(
                f"/reviews/assignments/{assignment_id}/items/{item_id}",
                data={f"d-{item_id}-decision": "accept"},
            )
            assert response.status_code == 302, item_id


def test_a_refused_assignment_names_the_reason_and_assigns_nobody(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    auth.login(world.lead.email)
    target = world.assessments[0]
    response = client.post(
        f"/reviews/assessments/{target.id}/assign",
        data={
            "kind": "onsite",
            "visit_on": VISIT,
            "reviewers": [world.reviewers[0].id, world.reviewers[1].id],
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "不能指派" in page
    assert "评审员来自被评审单位本身" in page
    assert db_session.query(ReviewAssignment).count() == 0


def test_journey_assign_review_settle_finalise_and_close_the_action(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    first, second = _assign(client, auth, world)
    review_id = first.review_id

    auth.login(first.reviewer.email)
    page = client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True)
    assert "抽查项" in page
    assert "承诺书 2025-01" in page  # the organisation's evidence note beside the item
    # An adjustment without a reason is refused and what was typed stays on the page.
    response = client.post(
        f"/reviews/assignments/{first.id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "1", "d-MS.G1.1-reason": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "MS.G1.1：请填写理由。" in page
    assert '<input checked id="d-MS.G1.1-decision-1"' in page
    response = client.post(
        f"/reviews/assignments/{first.id}/items/MS.G1.1",
        data={"d-MS.G1.1-decision": "adjust", "d-MS.G1.1-level": "1", "d-MS.G1.1-reason": "无签字"},
    )
    assert response.status_code == 302
    refused = client.post(f"/reviews/assignments/{first.id}/submit", follow_redirects=True)
    assert "个抽查项未给出结论" in refused.get_data(as_text=True)
    client.post(
        f"/reviews/assignments/{first.id}/findings",
        data={
            "kind": "corrective_action",
            "item_id": "MS.G1.1",
            "text": "承诺书须签字",
            "owner": "王工",
            "due_on": (beijing_today() + dt.timedelta(days=180)).isoformat(),
        },
    )
    _accept(client, first.id, skip="MS.G1.1")
    client.post(f"/reviews/assignments/{first.id}/accept-rest")
    assert client.post(f"/reviews/assignments/{first.id}/submit").status_code == 302
    auth.logout()

    auth.login(second.reviewer.email)
    _accept(client, second.id)
    assert client.post(f"/reviews/assignments/{second.id}/submit").status_code == 302
    auth.logout()

    auth.login(world.lead.email)
    page = client.get(f"/reviews/{review_id}/consolidate").get_data(as_text=True)
    assert 'id="row-MS.G1.1" class="flagged"' in page
    # The settle form keeps its reason as a draft a session expiry cannot lose (qa41 D4).
    assert re.search(r'<form [^>]*data-draft[^>]* id="settle-MS.G1.1"', page)
    refused = client.post(f"/reviews/{review_id}/finalise", follow_redirects=True)
    assert "还有 1 个差异项未裁定：MS.G1.1。" in refused.get_data(as_text=True)
    client.post(
        f"/reviews/{review_id}/items/MS.G1.1/settle",
        data={"s-MS.G1.1-level": "3", "s-MS.G1.1-reason": "现场核实已签字未公开"},
    )
    final = finalise_confirmed(client, review_id)
    assert "评审已定级" in client.get(final.headers["Location"]).get_data(as_text=True)
    auth.logout()

    auth.login(world.members[0].email)
    page = client.get(f"/reviews/{review_id}/final").get_data(as_text=True)
    assert "最终星级" in page
    assert "现场核实已签字未公开" in page
    assert "承诺书须签字" in page
    result = client.get(f"/assessments/{world.assessments[0].id}/result").get_data(as_text=True)
    assert "最终结果（经同行评审）" in result
    assert "显示的是同行评审确定的最终结果" in result
    action = next(f for f in first.review.findings if f.kind is FindingKind.CORRECTIVE_ACTION)
    empty = client.post(
        f"/reviews/findings/{action.id}/close", data={f"c-{action.id}-evidence": ""}
    )
    assert "请说明整改证据。" in empty.get_data(as_text=True)
    client.post(
        f"/reviews/findings/{action.id}/close", data={f"c-{action.id}-evidence": "签字版 QS-01"}
    )
    db_session.refresh(action)
    assert action.action_status is ActionStatus.CLOSED
    # Once final the reviewer reads his own work, without forms (finalised_work.py).
    auth.logout()
    auth.login(first.reviewer.email)
    mine = client.get(f"/reviews/assignments/{first.id}").get_data(as_text=True)
    assert "最终结果以定级为准" in mine
    assert "<form" not in mine.split("<main")[1]


def test_who_may_open_which_review_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    first, second = _assign(client, auth, world)
    # Another group member's reviewer may not open this assignment.
    auth.login(world.reviewers[3].email)
    assert client.get(f"/reviews/assignments/{first.id}").status_code == 403
    assert client.get(f"/reviews/{first.review_id}/consolidate").status_code == 403
    auth.logout()
    # The reviewed company sees neither the reviewer page nor the unfinished map.
    auth.login(world.members[0].email)
    assert client.get(f"/reviews/assignments/{first.id}").status_code == 403
    assert client.get(f"/reviews/{first.review_id}/consolidate").status_code == 403
    assert client.get(f"/reviews/{first.review_id}/final").status_code == 403
    auth.logout()
    # The assigned reviewer sees the assignment but cannot assign or settle.
    auth.login(first.reviewer.email)
    assert client.get(f"/reviews/assignments/{first.id}").status_code == 200
    assert client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").status_code == 403
    auth.logout()
    # The secretariat manages any review but does not review.
    auth.login(world.secretariat.email)
    assert client.get(f"/reviews/{first.review_id}/consolidate").status_code == 200
    assert client.get(f"/reviews/assignments/{first.id}").status_code == 403
    assert client.get("/reviews/appeals").status_code == 200


def _attach(assessment: Assessment, item_id: str) -> Attachment:
    stored = storage.store_upload(
        io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "演练记录.pdf", 1024 * 1024, storage.upload_dir()
    )
    attachment = Attachment(
        assessment=assessment,
        item_id=item_id,
        original_name="演练记录.pdf",
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    db.session().add(attachment)
    db.session().flush()
    return attachment


def test_a_reviewer_downloads_evidence_of_the_assigned_assessment_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    db_session.commit()
    first, _second = _assign(client, auth, world)
    own = _attach(world.assessments[0], "C1.E1.1")
    other = _attach(world.assessments[1], "C1.E1.1")
    db_session.commit()
    auth.login(first.reviewer.email)
    page = client.get(f"/reviews/assignments/{first.id}?section=C1").get_data(as_text=True)
    assert "演练记录.pdf" in page
    response = client.get(f"/reviews/assignments/{first.id}/evidence/{own.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    assert client.get(f"/reviews/assignments/{first.id}/evidence/{other.id}").status_code == 404
    # The self-assessment's own evidence route stays closed to the reviewer.
    assert (
        client.get(f"/assessments/{world.assessments[0].id}/evidence/{own.id}").status_code == 403
    )


@pytest.mark.parametrize(
    ("lang", "first", "second", "none"),
    [
        (
            "zh_CN",
            "不能指派{a}：评审员来自被评审单位本身。",
            "不能指派{b}：评审员单位与被评审单位属于同一集团。未作任何指派。",
            "未作任何指派",
        ),
        (
            "en",
            "Cannot assign {a}: ",
            "Cannot assign {b}: ",
            "Nobody was assigned",
        ),
    ],
)
def test_a_refusal_names_every_refused_reviewer_with_its_reason(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    first: str,
    second: str,
    none: str,
) -> None:
    """QA33 S1: two reviewers in conflict: both are named, not only the first."""
    world = make_review_world(5)
    world.companies[0].parent_group = "鲁中化工集团有限公司"
    world.companies[1].parent_group = "鲁中化工集团有限公司"
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    a, b = world.reviewers[0].name, world.reviewers[1].name
    response = client.post(
        f"/reviews/assessments/{world.assessments[0].id}/assign",
        data={
            "kind": "onsite",
            "visit_on": VISIT,
            "reviewers": [world.reviewers[0].id, world.reviewers[1].id],
        },
    )
    page = " ".join(html.unescape(response.get_data(as_text=True)).split())
    assert first.format(a=a) in page
    assert second.format(b=b) in page
    assert page.count(none) == 1
    assert db_session.query(ReviewAssignment).count() == 0
