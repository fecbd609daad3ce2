"""Review pages show what the organisation changed after a return, and its events (qa49 #3, #4, #7).

A company raised an item and deleted a submitted incident between two submissions; the
reviewer, the lead and the secretariat saw neither. Now the reviewer's page, the lead's
差异与裁定 page and the assign page list the change set and the event register (deleted
events kept and marked), and the raised item is one the reviewer must rule on.
"""

from __future__ import annotations

import html
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.events import local_today
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput, ItemInput
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.errors import UndecidedItems
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Review, ReviewKind
from rcapp.reviews.reviewer_page import rest_to_accept
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of

RELEASE = EventInput(
    event_type="safety_accident",
    grade="general",
    occurred_on=local_today().replace(day=1).isoformat(),
    description="氯乙烯泄漏约120千克",
)


def _raised_and_deleted(world: ReviewWorld) -> Review:
    """Company 0 submits an incident, is returned, raises MS.G1.1 1 → 2, deletes it, resubmits."""
    assessment, member = world.assessments[0], world.members[0]
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "请登记事件", world.secretariat)
    event, _ = services.add_event(assessment, rubric, RELEASE, member)
    assert event is not None
    services.submit_assessment(assessment, member)
    services.return_assessment(assessment, "请补充证据", world.secretariat)
    saved = services.save_section(
        assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="2")}, member
    )
    assert saved.ok, saved.problems
    services.delete_event(assessment, event, member)
    services.submit_assessment(assessment, member)
    return review_services.assign_reviewers(
        assessment, ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    return make_review_world(4, overrides={0: {"MS.G1.1": ItemInput(level="1")}})


def _text(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    return html.unescape(page.get_data(as_text=True))


def test_the_reviewer_sees_the_raised_item_and_the_deleted_event(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = _raised_and_deleted(world)
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)

    page = _text(client, f"/reviews/assignments/{assignment.id}?section=MS")
    panel = page.split('id="changes-since"')[1].split("</section>")[0]
    assert "自上次提交以来的变更" in page
    assert "评价项 1 个" in panel
    assert "事件：新增 0，修改 0，删除 1" in panel
    assert "由 1 改为 2" in panel
    assert "未新增证据" in panel
    assert f"{world.members[0].name} 于" in panel
    register = page.split('id="event-register"')[1].split("</section>")[0]
    assert "氯乙烯泄漏约120千克" in register
    assert "已删除" in register
    item = page.split('id="item-MS.G1.1"')[1].split('class="grid-2"')[0]
    assert "提交后修改：1 → 2" in item
    assert "抽查项" in item

    client.get("/lang/en")
    english = _text(client, f"/reviews/assignments/{assignment.id}?section=MS")
    assert "Changes since the previous submission" in english
    assert "from 1 to 2" in english
    assert "Changed after submission: 1 → 2" in english
    assert "Deleted" in english


def test_the_raised_item_must_be_ruled_on_one_by_one(
    db_session: Session, world: ReviewWorld
) -> None:
    review = _raised_and_deleted(world)
    # The mini rubric's risk sample takes every item: keep MS.G1.1 out, as a larger
    # rubric's capped sample (or one drawn before the return) does.
    review.sample_items = json.dumps([i for i in review.sample if i != "MS.G1.1"])
    assignment = review.assignments[0]
    card = self_scorecard(review.assessment, rubric_of(review.assessment))
    rest, na = rest_to_accept(assignment, card)
    assert "MS.G1.1" not in rest
    reviewing.accept_remaining(assignment, [*review.sample, *rest], na, assignment.reviewer)
    with pytest.raises(UndecidedItems) as refused:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    assert refused.value.item_ids == ("MS.G1.1",)


def test_the_lead_and_the_secretariat_see_it_and_others_do_not(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = _raised_and_deleted(world)
    db_session.commit()
    auth.login(world.lead.email)
    lead_page = _text(client, f"/reviews/{review.id}/consolidate")
    assert "由 1 改为 2" in lead_page
    assert "氯乙烯泄漏约120千克" in lead_page
    auth.logout()

    auth.login(world.secretariat.email)
    assign = _text(client, f"/reviews/assessments/{review.assessment_id}/assign")
    assert "自上次提交以来的变更" in assign
    assert "已删除" in assign
    assert f"/assessments/{review.assessment_id}/history" in assign
    client.get("/lang/en")
    english = _text(client, f"/reviews/assessments/{review.assessment_id}/assign")
    assert "Events" in english
    assert "Changes since the previous submission" in english
    auth.logout()

    # The reviewer of company 3, not assigned here, sees neither page.
    outsider = world.reviewers[3]
    assert outsider.id not in {a.reviewer_id for a in review.assignments}
    auth.login(outsider.email)
    for url in (
        f"/reviews/assignments/{review.assignments[0].id}",
        f"/reviews/{review.id}/consolidate",
        f"/reviews/assessments/{review.assessment_id}/assign",
    ):
        shown = client.get(url)
        assert shown.status_code in (403, 404), url
        assert "氯乙烯泄漏约120千克" not in shown.get_data(as_text=True)


def test_a_first_submission_says_there_is_nothing_to_compare(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    db_session.commit()
    auth.login(review.assignments[0].reviewer.email)
    page = _text(client, f"/reviews/assignments/{review.assignments[0].id}")
    assert "首次提交，无可比较的上一次提交。" in page  # shorter (qa70 p7)
    assert "提交后修改" not in page
