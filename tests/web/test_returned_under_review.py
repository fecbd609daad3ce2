"""An assessment returned while its peer review is in progress (QA8 D2).

The return page gave no warning, the annual participation sheets counted the review as
"in peer review" beside the submitted ones (3 reviews for 2 submissions), and the lead's
group page no longer listed it although its reviewer's workload still counted it.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.reports.data_annual import build_annual_data
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of


def _one_of_two_submitted(world: ReviewWorld) -> Review:
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )
    first = review.assignments[0]
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    return review


def test_the_return_page_names_the_review_in_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    _one_of_two_submitted(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/assessments/{world.assessments[0].id}/return")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "本自评正在同行评审中" in text
    assert "文审" in text
    assert world.group.name_zh in text
    assert "已提交评审 1 / 2 份" in text
    # Without a review, no warning.
    other = client.get(f"/cycles/assessments/{world.assessments[1].id}/return")
    assert "本自评正在同行评审中" not in other.get_data(as_text=True)
    client.get("/lang/en")
    english = client.get(f"/cycles/assessments/{world.assessments[0].id}/return")
    assert "This self-assessment is under peer review" in english.get_data(as_text=True)


def test_a_returned_assessment_is_not_counted_in_peer_review_and_its_lead_still_sees_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    _one_of_two_submitted(world)
    returned = world.assessments[0]
    services.return_assessment(returned, "请补充证据", world.secretariat)
    db_session.commit()

    with force_locale("zh_CN"):
        data = build_annual_data(world.cycle, "zh", lambda done, total: None)
    participation = {c.label: c.count for c in data.participation}
    assert (participation["已提交自评"], participation["同行评审中"]) == (2, 0)
    group = next(g for g in data.groups if g.group == world.group.name_zh)
    assert (group.submitted, group.in_review) == (2, 0)

    auth.login(world.lead.email)
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    returned_block = page.split('id="returned"')[1].split("</section>")[0]
    assert returned.organisation.name_zh in returned_block
    assert "已提交评审 1 / 2 份" in returned_block
    assert f"/reviews/assessments/{returned.id}/assign" in returned_block
