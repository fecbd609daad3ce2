"""A deputy lead acts as the lead does, and the words say who did: not "组长" for all.

The reviewer's finalised work named the lead as the one who finalised; the withdrawn
reviewer read "组长已撤回"; the audit log labelled a deputy's (or the secretariat's) drop,
restore and settlement "组长…". Each now names the role of the person who acted; an older
audit entry, which kept no role, reads without one.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts.models import User
from rcapp.audit.services import record
from rcapp.reviews import lead_findings, reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.models import FindingKind, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_deputy
from tests.factories_reviews import (
    ReviewWorld,
    make_review_world,
    reviewers_of,
    submit_and_finalise,
)

FOUND = "储罐区巡检记录缺少 3 月份"


def _bare(markup: str) -> str:
    """The text, tags dropped (a name is marked up) but a menu's options kept, spaces folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<(?!option)[^>]+>", "", markup)))


def _text(response: TestResponse) -> str:
    return _bare(response.get_data(as_text=True))


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    made = make_review_world(4)
    db_session.commit()
    return made


@pytest.fixture
def deputy(db_session: Session, world: ReviewWorld) -> User:
    user = make_group_deputy(world.group)
    db_session.commit()
    return user


def _review(world: ReviewWorld) -> Review:
    assessment = world.assessments[0]
    return review_services.assign_reviewers(
        assessment, ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "由副组长郑凯定级。以下是您提交的评审结论和发现，只读；最终结果以定级为准。"),
        ("en", "The deputy lead, 郑凯 (Zheng Kai), finalised this review on"),
    ],
)
def test_the_finalised_work_names_the_deputy_who_finalised(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    deputy: User,
    lang: str,
    said: str,
) -> None:
    review = submit_and_finalise(_review(world), deputy)
    db_session.commit()
    mine = review.assignments[0]
    auth.login(mine.reviewer.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/assignments/{mine.id}").get_data(as_text=True)
    note = _bare(page.split('id="finalised-note">')[1].split("</p>")[0])
    assert said in note
    assert "组长定级" not in note
    assert "the lead" not in note


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "副组长郑凯已撤回您对{name}的评审任务。"),
        ("en", "was withdrawn by the deputy lead, 郑凯"),
    ],
)
def test_the_withdrawn_reviewer_is_told_the_deputy_withdrew(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    deputy: User,
    lang: str,
    said: str,
) -> None:
    assignment = _review(world).assignments[0]
    reviewer, assignment_id = assignment.reviewer, assignment.id
    review_services.withdraw_assignment(assignment, deputy)
    db_session.commit()
    auth.login(reviewer.email)
    client.get(f"/lang/{lang}")
    page = _text(client.get(f"/reviews/assignments/{assignment_id}", follow_redirects=True))
    assert said.format(name=world.companies[0].name_zh) in page
    assert "组长已撤回" not in page


def _submitted_finding(review: Review) -> None:
    for assignment in review.assignments:
        reviewer = assignment.reviewer
        if assignment is review.assignments[0]:
            reviewing.add_finding(
                assignment, FindingKind.IMPROVEMENT, FOUND, "C1.E1.1", "", None, reviewer
            )
        reviewing.accept_remaining(assignment, list(review.sample), set(), reviewer)
        reviewing.submit_assignment(assignment, reviewer)


def test_the_audit_log_names_the_role_of_who_dropped_restored_and_settled(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    world: ReviewWorld,
    deputy: User,
) -> None:
    review = _review(world)
    _submitted_finding(review)
    finding = review.findings[0]
    lead_findings.drop_finding(review, finding, "重复", deputy, finding_stamp(finding))
    lead_findings.restore_finding(review, finding, world.secretariat, dropped_stamp(finding))
    settling.settle_item(review, "C1.E1.1", 3, "证据不全", deputy)
    # An entry written before the role was kept: said without one, not as the lead's.
    record(world.lead, "review", review.id, "review.settle", field="C1.E1.2", after={"level": 2})
    db_session.commit()
    auth.login(world.secretariat.email)
    page = _text(client.get(f"/audit/?entity=review&entity_id={review.id}"))
    assert "副组长删去评审发现" in page
    assert "秘书处恢复已删去的评审发现" in page
    assert "副组长裁定等级" in page
    assert page.count("裁定等级") == page.count("副组长裁定等级") + 1 + page.count(
        '<option value="review.settle"'
    )
    assert "组长删去评审发现" not in page.replace("副组长删去评审发现", "")
    assert "组长裁定等级" not in page.replace("副组长裁定等级", "")
    assert "acting_as" not in page  # the kept role is the label's, not a value shown
    client.get("/lang/en")
    english = _text(client.get(f"/audit/?entity=review&entity_id={review.id}"))
    assert "Deputy lead dropped a review finding" in english
    assert "Secretariat restored a dropped review finding" in english
    assert "Level settled by the deputy lead" in english
