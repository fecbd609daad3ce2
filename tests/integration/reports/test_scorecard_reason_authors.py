"""The scorecard PDF of a reviewed result names who gave each reason, as the final page does,
and its findings and actions tables keep a reviewer's name and a status whole (QA after
qa71: the reasons were joined with "；" without authors, names came out "林/静", statuses
"待整/改")."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.clock import beijing_today
from rcapp.reports.documents import scorecard_pdf
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, FindingKind, Review
from tests.factories_reviews import assign_all, make_review_world
from tests.pdf_tools import needs_poppler, pdf_text

ITEM = "C1.E1.1"
REASON = "演练记录不完整"
# long enough to squeeze a column laid out by content, as the demo's findings did
LONG = "补充该项近 12 个月的执行记录，并由管理者代表签字确认；" * 6
SETTLED = "组长复核证据"
WORDS = {
    "zh": ("组长裁定（{}）", "评审员：评审员1、评审员2", "评审员", "待整改"),
    "en": ("Settled by the lead, {}", "Reviewers: 评审员1, 评审员2", "Reviewer", "Open"),
}


def _reviewed() -> tuple[Review, str]:
    """A finalised review: both reviewers lowered ITEM for REASON, the lead settled it."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    for assignment in review.assignments:
        actor = assignment.reviewer
        reviewing.save_decision(assignment, item, False, Decision.ADJUST, 1, REASON, actor)
        reviewing.accept_remaining(assignment, list(review.sample), set(), actor)
    first = review.assignments[0]
    due = beijing_today() + dt.timedelta(days=60)  # not overdue: the status alone
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        LONG,
        ITEM,
        "HSE 部经理",
        due,
        first.reviewer,
    )
    reviewing.add_finding(first, FindingKind.STRENGTH, LONG, None, "", None, first.reviewer)
    for assignment in review.assignments:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, ITEM, 1, SETTLED, world.lead)
    settling.finalise_review(review, 30, world.lead)
    return review, world.lead.name


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_reason_names_who_gave_it_and_names_and_statuses_stay_whole(
    db_session: Session, lang: str
) -> None:
    review, lead = _reviewed()
    settled_by, reviewers, reviewer_header, status = WORDS[lang]

    lines = [line.strip() for line in pdf_text(scorecard_pdf(review.assessment, lang)).splitlines()]

    text = "".join(lines)  # a long label may wrap in its cell
    assert f"{SETTLED}{settled_by.format(lead)}{REASON}{reviewers}".replace(" ", "") in (
        text.replace(" ", "")
    )
    # a table cell's words on one line: the reviewer's name, a status, their headers
    for whole in ("评审员1", status, reviewer_header):
        assert whole in lines, whole
