"""The scorecard PDF of a peer-reviewed assessment: self score against final score and the
items the review changed, with self → final and the reason, as the final page (qa71 PDF 13)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reports.data_peer import review_changes
from rcapp.reports.documents import scorecard_pdf
from rcapp.reviews import reviewing, settling
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Decision
from rcapp.web import format_score
from tests.factories_reviews import assign_all, make_review_world
from tests.pdf_tools import needs_poppler, pdf_text

REASON = "演练记录不完整"
SETTLED = "组长裁定：按评审员意见"


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "heading", "self_label", "final_label"),
    [
        ("zh", "评审改变的评价项（1）", "自评得分", "最终得分"),
        ("en", "Items changed by the review (1)", "Self score", "Final score"),
    ],
)
def test_the_pdf_shows_self_against_final_and_the_changed_items(
    db_session: Session, lang: str, heading: str, self_label: str, final_label: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    rubric = rubric_of(review.assessment)
    item = rubric.item_index()["C1.E1.1"]
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 1, REASON, assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, "C1.E1.1", 1, SETTLED, world.lead)  # reviewers' ADJUST, flagged
    settling.finalise_review(review, 30, world.lead)
    changes = review_changes(review.assessment, lang)
    assert changes is not None
    [row] = changes.rows
    assert row.item == f"C1.E1.1 {item.prompt.get(lang)}"
    assert (row.final, [r.text for r in row.reasons]) == (1, [SETTLED, REASON])  # as the page
    assert row.self_verdict != row.final
    self_score = self_scorecard(review.assessment, rubric).overall
    assert changes.self_score == self_score
    assert review.final_score is not None
    assert changes.final_score == review.final_score
    joiner = "" if lang == "zh" else " "  # Chinese lines break anywhere
    text = joiner.join(pdf_text(scorecard_pdf(review.assessment, lang)).split())
    assert joiner.join(heading.split()) in text
    scores = [
        self_label,
        format_score(self_score),
        "→",
        final_label,
        format_score(review.final_score),
    ]
    assert joiner.join(" ".join(scores).split()) in text
    assert REASON in text
    assert "C1.E1.1" in text


def test_no_review_no_changes(db_session: Session) -> None:
    world = make_review_world(5)
    assert review_changes(world.assessments[0], "zh") is None
