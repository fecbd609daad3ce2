"""What the review round's pages say about what they show (QA round 10).

The years page names the rubric as users know it and says whose scores it shows (final
after a review, self-assessed otherwise); the comparison page labels its section scores as
self-assessed; the lead is warned of a review with fewer reviewers than the process plans;
the assign page names the organisation an assigned reviewer's conflict comes from; the
corrective-action workbook says which actions a lead's file holds.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.reports.test_downloads import workbook


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_years_page_names_the_rubric_and_whose_scores_it_shows(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    reviewed = _text(client.get(f"/benchmarks/organisations/{world.companies[0].id}/years").text)
    rubric = rubric_of(world.assessments[0])
    assert rubric.shown_label("en" if lang == "en" else "zh_CN") in reviewed
    assert f"{rubric.id} v{rubric.version}" not in reviewed
    # 2024 (last year's reported KPI data, self-assessed), then the reviewed 2025
    basis = {"zh": "得分依据 自评得分 评审后得分", "en": "Scores shown Self score Score after"}
    assert basis[lang] in reviewed
    auth.logout()
    auth.login(world.members[1].email)  # not reviewed yet: self-assessed scores
    client.get(f"/lang/{lang}")
    own = _text(client.get(f"/benchmarks/organisations/{world.companies[1].id}/years").text)
    shown = {"zh": "得分依据 自评得分 自评得分", "en": "Scores shown Self score Self score"}
    assert shown[lang] in own


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_comparison_page_labels_its_section_scores_self_assessed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/benchmarks/groups/{world.group.id}").text
    head = page[page.index('<table class="compare">') : page.index("</thead>")]
    label = {"zh": "自评得分", "en": "Self score"}[lang]
    # The overall column and each section column (the mini rubric's: MS, C1, C6).
    assert head.count(label) >= 3


def _one_reviewer_submitted(world_size: int = 5):  # type: ignore[no-untyped-def]
    world = make_review_world(world_size)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, [world.reviewers[1]], world.lead
    )
    return world, review


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lead_is_warned_of_a_review_with_one_reviewer(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _one_reviewer_submitted()
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    words = {
        "zh": ("本评审只有 1 名评审员", "3 星及以上须至少 2 名评审员，本次评审最高只能定为 2 星"),
        "en": ("This review has 1 reviewer", "3 stars or more need at least 2 reviewers"),
    }[lang]
    assign = _text(client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").text)
    assert all(w in assign for w in words)
    assignment = review.assignments[0]
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    confirm = client.get(f"/reviews/{review.id}/finalise")
    assert confirm.status_code == 200
    finalise_words = {
        "zh": (
            "已提交的评审只有 1 份（已指派 1 名评审员）",
            "3 星及以上须至少 2 份已提交的评审，本次评审最高只能定为 2 星；"
            "如需更高星级，请再指派评审员。",
        ),
        "en": (
            "Only 1 review submitted (reviewers assigned: 1)",
            "3 stars or more need at least 2 submitted reviews, so this review can give at most"
            " 2 stars; to allow more, assign another reviewer.",
        ),
    }[lang]
    assert all(w in _text(confirm.text) for w in finalise_words)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_finalise_warning_counts_submitted_reviews_apart_from_assigned_reviewers(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """Two reviewers assigned, one submitted: not "only 1 reviewer" (it counts reviews)."""
    world = make_review_world(5)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, world.reviewers[1:3], world.lead
    )
    assignment = review.assignments[0]
    reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = _text(client.get(f"/reviews/{review.id}/finalise").text)
    words = {
        "zh": (
            "已提交的评审只有 1 份（已指派 2 名评审员）",
            "请等待其他评审员提交，或再指派评审员。",
        ),
        "en": (
            "Only 1 review submitted (reviewers assigned: 2)",
            "wait for the other reviewers to submit, or assign another reviewer.",
        ),
    }[lang]
    assert all(w in page for w in words), page
    assert "本评审只有" not in page
    assert "This review has 1 reviewer" not in page


def test_two_reviewers_bring_no_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    assign_all(world)
    db_session.commit()
    auth.login(world.lead.email)
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").text
    assert "too-few-reviewers" not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_assign_page_names_the_organisation_a_conflict_comes_from(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _one_reviewer_submitted(3)
    reviewer, reviewed = review.assignments[0].reviewer, world.companies[0]
    db_session.commit()
    auth.login(world.secretariat.email)
    joined = client.post(
        f"/organisations/{reviewed.id}/users/join",
        data={"join-email": reviewer.email, "join-role": "member"},
    )
    assert joined.status_code == 302
    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = _text(client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").text)
    assigned = page[page.index({"zh": "已指派（", "en": "Assigned ("}[lang]) :]
    line = assigned[assigned.index(reviewer.name) :][:300]
    assert world.companies[1].display_name(lang) in line  # assigned from
    said = {"zh": "冲突来自其现所在单位：", "en": "the conflict comes from their current"}
    assert said[lang] in line
    assert reviewed.display_name(lang) in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_leads_action_workbook_says_it_lists_the_reviews_its_groups_run(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    sheet = workbook(client.get(f"/reports/corrective-actions.xlsx?group={world.group.id}").data)
    notes = " ".join(str(c) for row in sheet.active.iter_rows(values_only=True) for c in row[:1])
    said = {
        "zh": "由您担任组长或副组长的工作组负责评审的单位的（评审由其他工作组负责的成员不在其中）",
        "en": "whose review is run by a working group you lead or deputise",
    }
    assert said[lang] in notes
