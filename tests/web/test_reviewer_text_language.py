"""What reviewers type is marked with the language it is in, and said to be as written.

Findings, reasons and a corrective action's required action and owner are typed in Chinese;
an English reader gets them with lang="zh-CN" (a browser offers to translate them, a screen
reader reads them in Chinese) and, under each block, "Written by the reviewer in Chinese;
shown as written." The Chinese interface shows no note; English text is not marked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reports.documents import scorecard_html, scorecard_pdf
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, FindingKind, Review, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.pdf_tools import needs_poppler, pdf_text

NOTE = "Written by the reviewer in Chinese; shown as written."
NOTE_ZH = "评审员以中文填写，按原文显示。"
REASON = "演练记录不完整"


def _finding(assignment: ReviewAssignment, kind: FindingKind, text: str, owner: str = "") -> None:
    """Add a finding as its reviewer; a corrective action on C1.E1.1 with an owner and a day."""
    action = kind is FindingKind.CORRECTIVE_ACTION
    reviewing.add_finding(
        assignment, kind, text, "C1.E1.1" if action else None, owner,
        dt.date(2026, 6, 30) if action else None, assignment.reviewer,
    )  # fmt: skip


def _finalised_with(*findings: tuple[FindingKind, str, str]) -> tuple[Review, str]:
    """A finalised review with `findings` (kind, text, owner) by its first reviewer.

    Returns the review and the e-mail of a member of the reviewed company."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    for kind, text, owner in findings:
        _finding(review.assignments[0], kind, text, owner)
    submit_and_finalise(review, world.lead)
    return review, world.members[0].email


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_final_page_marks_reviewer_text_and_notes_it_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    review, member = _finalised_with(
        (FindingKind.CORRECTIVE_ACTION, "演练评估报告缺签字", "王工"),
        (FindingKind.STRENGTH, "演练记录完整", ""),
        (FindingKind.IMPROVEMENT, "Drill records could be indexed", ""),
    )
    db_session.commit()
    auth.login(member)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    findings = page.split('aria-labelledby="findings"', 1)[1].split("</section>", 1)[0]
    assert '<span lang="zh-CN">演练记录完整</span>' in findings
    colon = ": " if lang == "en" else "："
    # English: not marked, the page's own language
    assert f"</strong>{colon}Drill records could be indexed <span" in findings
    action = page.split('class="item" id="action-', 1)[1].split("</div>", 1)[0]
    assert '<span lang="zh-CN">演练评估报告缺签字</span></h3>' in action
    assert '<span lang="zh-CN">王工</span>' in action
    if lang == "en":
        assert f'<p class="help written-note">{NOTE}</p>' in findings
        assert f'<p class="help written-note">{NOTE}</p>' in action
    else:
        assert "written-note" not in page
        assert NOTE_ZH not in page


def test_no_note_when_the_reviewer_wrote_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    review, member = _finalised_with(
        (FindingKind.CORRECTIVE_ACTION, "Sign the drill report", "Li Gong")
    )
    db_session.commit()
    auth.login(member)
    client.get("/lang/en")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert "Sign the drill report</h3>" in page
    assert "written-note" not in page


@needs_poppler
def test_the_scorecards_reviewer_text_is_marked_and_noted_in_english(
    app: Flask, db_session: Session
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()["C1.E1.1"]
    _finding(review.assignments[0], FindingKind.CORRECTIVE_ACTION, "补齐演练评估报告的签字", "王工")
    _finding(review.assignments[0], FindingKind.STRENGTH, "演练记录完整")
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 1, REASON, assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    settling.settle_item(review, "C1.E1.1", 1, "组长裁定：按评审员意见", world.lead)
    settling.finalise_review(review, 30, world.lead)
    with app.test_request_context():
        english = scorecard_html(review.assessment, "en")
        chinese = scorecard_html(review.assessment, "zh")
    note = f'<p class="note written-note">{NOTE}</p>'
    changes = english.split('id="review-changes"', 1)[1].split("<h2", 1)[0]
    assert f'<div class="reason"><span lang="zh-CN">{REASON}</span><br>' in changes
    assert note in changes
    findings = english.split("<h2>Findings</h2>", 1)[1].split("<h2", 1)[0]
    assert '<td><span lang="zh-CN">演练记录完整</span></td>' in findings
    assert note in findings
    actions = english.split("<h2>Corrective action</h2>", 1)[1].split("<h2", 1)[0]
    assert '<td><span lang="zh-CN">补齐演练评估报告的签字</span></td>' in actions
    assert '<td><span lang="zh-CN">王工</span></td>' in actions
    assert note in actions
    assert f'<span lang="zh-CN">{REASON}</span>' in chinese
    assert "written-note" not in chinese
    text = " ".join(pdf_text(scorecard_pdf(review.assessment, "en")).split())
    assert text.count(NOTE) == 3
    assert NOTE_ZH not in "".join(pdf_text(scorecard_pdf(review.assessment, "zh")).split())
