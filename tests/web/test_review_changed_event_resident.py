"""The reviewer's "changes since the previous submission" name a park event's changed
resident by the events page's labels, never by the stored keys (resident_name...)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput
from rcapp.organisations.models import OrganisationKind
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of
from tests.web.test_review_changes_since_submission import RELEASE


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "修改了：未登记入园企业名称"),
        ("en", "Name of the unregistered resident"),
    ],
)
def test_a_changed_unregistered_resident_is_named_by_its_label(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    world = make_review_world(4)
    assessment, member = world.assessments[0], world.members[0]
    assessment.organisation.kind = OrganisationKind.PARK
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "请登记事件", world.secretariat)
    typed = EventInput(**{**vars(RELEASE), "resident_name": "北岸化工有限公司"})
    event, problems = services.add_event(assessment, rubric, typed, member)
    assert event is not None, problems
    services.submit_assessment(assessment, member)
    services.return_assessment(assessment, "请核对发生单位", world.secretariat)
    renamed = EventInput(**{**vars(typed), "resident_name": "北岸化工股份有限公司"})
    assert services.update_event(assessment, rubric, event, renamed, member) == []
    services.submit_assessment(assessment, member)
    review = review_services.assign_reviewers(
        assessment, ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/assignments/{assignment.id}?section=MS")
    assert page.status_code == 200
    panel = html.unescape(page.get_data(as_text=True)).split('id="changes-since"')[1]
    panel = panel.split("</section>")[0]
    assert said in panel
    assert "resident_name" not in panel
