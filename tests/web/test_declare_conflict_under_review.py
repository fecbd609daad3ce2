"""A conflict declared with an organisation under review stops that review, said before (qa70 m5).

The form offered the organisation a reviewer was reviewing, with no word on what it does;
it only made the reviewer's page refuse saves, and nobody told the lead. Now the form says
what happens, and declaring it tells the lead and deputy (audited), who withdraw and reassign.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Decision, DeclaredConflict, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def test_declaring_a_conflict_with_the_organisation_under_review_stops_it_and_tells_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, company = world.reviewers[1], world.companies[0]
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewer], world.lead
    )
    assignment = review.assignments[0]
    item_id = review.sample[0]
    db_session.commit()
    auth.login(reviewer.email)

    form = html.unescape(client.get("/reviews/conflicts").get_data(as_text=True))
    assert f"{company.name_zh} 2025 年度" in form
    assert "这项评审即停止" in form
    assert "须撤回其指派并另行指派评审员" in form

    # One wrong tap in the list would stop the review for good: it is confirmed first,
    # the review named, nothing declared yet and the input kept (qa88).
    data = {"person": reviewer.id, "organisation": company.id, "reason": "配偶在该单位任职"}
    asked = html.unescape(client.post("/reviews/conflicts", data=data).get_data(as_text=True))
    assert f"正在评审{company.name_zh} 2025 年度：申报后这项评审即停止" in asked
    assert 'name="stop_review"' in asked
    assert "配偶在该单位任职" in asked
    assert not db_session.scalars(select(DeclaredConflict)).all()
    response = client.post(
        "/reviews/conflicts", data=data | {"stop_review": "y"}, follow_redirects=True
    )
    said = html.unescape(response.get_data(as_text=True))
    assert "以下评审任务已因此停止" in said
    assert f"{company.name_zh} 2025 年度" in said

    told = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "review.conflict")
    ).all()
    assert world.lead.email in {m.to_address for m in told}
    assert all("已申报与" in m.body and "另行指派" in m.body for m in told)
    logged = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.conflict")
    ).all()
    assert [e.entity_id for e in logged] == [review.id]

    # The reviewer's page says the review has stopped; a save is refused.
    page = html.unescape(client.get(f"/reviews/assignments/{assignment.id}").get_data(as_text=True))
    assert "不能再保存或提交本评审" in page
    client.post(
        f"/reviews/assignments/{assignment.id}/items/{item_id}",
        data={f"d-{item_id}-decision": Decision.ACCEPT.value, f"d-{item_id}-seen": "0"},
    )
    db_session.expire_all()
    assert not assignment.decisions
