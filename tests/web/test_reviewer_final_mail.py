"""Reviewers are told when the review they worked on is finalised.

Before, only the company was mailed: a reviewer learnt of the final rating only by opening
his completed reviews. Each reviewer whose submitted work counted now gets one mail in his
language (organisation, year, final stars, a link to his own work, read only); one withdrawn
at finalising, never having submitted, is told of the withdrawal instead, not of the rating.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing, services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.helpers import page_text


def test_each_reviewer_who_submitted_is_told_in_his_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(4)
    chinese, english, idle = world.reviewers[1], world.reviewers[2], world.reviewers[3]
    english.language = "en"
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [chinese, english, idle], world.lead
    )
    assignments = {a.reviewer_id: a for a in review.assignments}
    for reviewer in (chinese, english):
        done = assignments[reviewer.id]
        reviewing.accept_remaining(done, list(review.sample), set(), reviewer)
        reviewing.submit_assignment(done, reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    page = page_text(client, f"/reviews/{review.id}/finalise")
    shown = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    assert shown is not None
    response = client.post(f"/reviews/{review.id}/finalise", data={"shown": shown.group(1)})
    assert response.status_code == 302
    db_session.expire_all()
    assert review.is_final

    told = {
        m.to_address: m
        for m in db_session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "review.final_reviewer")
        )
    }
    assert set(told) == {chinese.email, english.email}  # not the withdrawn one
    company = world.companies[0]
    year = world.cycle.year
    zh, en = told[chinese.email], told[english.email]
    assert zh.subject == f"您评审的自评已定级：{company.display_name('zh')}（{year} 年度）"
    assert f"{company.display_name('zh')} {year} 年度责任关怀自评，同行评审已定级" in zh.body
    assert "最终星级：" in zh.body
    assert f"/reviews/assignments/{assignments[chinese.id].id}" in zh.body
    assert en.subject.startswith("Peer review you worked on is final: ")
    assert company.display_name("en") in en.subject
    assert str(year) in en.subject
    assert "Final rating: " in en.body
    assert f"/reviews/assignments/{assignments[english.id].id}" in en.body
    assert not re.search(r"[\u4e00-\u9fff]", en.body.replace(english.name, ""))
    # the withdrawn reviewer hears of the withdrawal only
    kinds = db_session.scalars(
        select(OutboxMessage.kind).where(OutboxMessage.to_address == idle.email)
    ).all()
    assert "review.withdraw" in kinds
    assert "review.final_reviewer" not in kinds

    # the link opens his own work, read only
    auth.logout()
    auth.login(english.email)
    link = re.search(r"https?://\S+(/reviews/assignments/\d+)", en.body)
    assert link is not None
    assert client.get(link.group(1)).status_code == 200
