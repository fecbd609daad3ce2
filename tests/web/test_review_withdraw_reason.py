"""Withdrawing a reviewer asks an optional reason, kept in the audit entry (QA47 D3); with
nothing saved the page does not announce what "withdrawing deletes" (S13)."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of
from tests.web.test_review_withdraw_confirm import _desk_review, _seen

WORDS = {
    "zh": (
        "撤回原因（可不填）",
        "撤回原因不能超过 500 个字符。",
        "没有需要删除的内容",
        "撤回后将删除",
    ),
    "en": (
        "Reason for withdrawing (optional)",
        "The reason for withdrawing can be at most 500 characters.",
        "Nothing to delete",
        "Withdrawing deletes",
    ),
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reason_is_kept_in_the_entry_and_a_too_long_one_is_said_keeping_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _review, assignment = _desk_review(db_session)
    assignment_id = assignment.id
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assignments/{assignment_id}/withdraw"
    page = client.get(url).get_data(as_text=True)
    label, too_long, _nothing, deletes = WORDS[lang]
    assert label in _text(page)
    assert deletes in _text(page)
    seen = _seen(page)
    long = "长" * 501
    refused = client.post(url, data={"confirmed": "1", "seen": seen, "reason": long})
    assert refused.status_code == 400
    assert too_long in _text(refused.get_data(as_text=True))
    assert long in refused.get_data(as_text=True)  # nothing typed is lost
    assert db_session.get(ReviewAssignment, assignment_id) is not None
    data = {"confirmed": "1", "seen": seen, "reason": " 该评审员临时出差 "}
    assert client.post(url, data=data).status_code == 302
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.withdraw")
    ).one()
    assert entry.reason == "该评审员临时出差"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_nothing_saved_the_page_says_there_is_nothing_to_delete(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [reviewers_of(world, 0)[0]], world.lead
    )
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = _text(
        client.get(f"/reviews/assignments/{review.assignments[0].id}/withdraw").get_data(
            as_text=True
        )
    )
    _label, _too_long, nothing, deletes = WORDS[lang]
    assert nothing in page
    assert deletes not in page
