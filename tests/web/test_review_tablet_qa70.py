"""The reviewer's page as a reviewer on a tablet read it (qa70).

Why each item is sampled (M1), the header once submitted (m6), the first-submission note
(p7), dates kept whole (p8), and the item code in labels for screen readers only (p9).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import reviewing
from rcapp.reviews import services as review_services
from rcapp.reviews.models import FindingKind, ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of


def _open(db_session: Session, auth: AuthActions) -> ReviewAssignment:
    world = make_review_world(3)
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    assignment = review.assignments[0]
    db_session.commit()
    auth.login(assignment.reviewer.email)
    return assignment


def _page(client: FlaskClient, assignment: ReviewAssignment, section: str = "MS") -> str:
    url = f"/reviews/assignments/{assignment.id}?section={section}"
    return html.unescape(client.get(url).get_data(as_text=True))


def _heading(page: str, item_id: str) -> str:
    found = re.search(rf'id="item-{re.escape(item_id)}"[^>]*>\s*<h3>(.*?)</h3>', page, re.S)
    assert found, item_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_each_sampled_item_says_why_and_the_header_counts_the_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(db_session, auth)
    page = _page(client, assignment)
    sampled = [i for i in assignment.review.sample if i.startswith("MS.")]
    assert sampled
    for item_id in sampled:
        heading = _heading(page, item_id)
        assert "抽查项" in heading
        reasons = "通往下一星级|自评为不适用|自评等级高|上次提交后有修改"
        assert re.search(f"抽查项 ?（({reasons})", heading), heading
    legend = re.search(r'id="sample-legend">(.*?)</p>', page, re.S)
    assert legend is not None
    assert re.search(r"自评等级高 \d+ 项", legend.group(1))

    auth.choose_language("en")
    english = _page(client, assignment)
    heading = _heading(english, sampled[0])
    reasons = "On the path to the next star|Claimed N/A|High self-assessed level"
    assert re.search(rf"Sampled ?\(({reasons})", heading), heading
    assert "Why items are sampled" in english


def test_once_submitted_the_header_says_so_instead_of_the_instruction(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(db_session, auth)
    assert "必须逐项给出结论" in _page(client, assignment)
    reviewing.accept_remaining(
        assignment, list(assignment.review.sample), set(), assignment.reviewer
    )
    reviewing.submit_assignment(assignment, assignment.reviewer)
    db_session.commit()
    page = _page(client, assignment)
    assert "必须逐项给出结论" not in page
    assert re.search(r"评审已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）提交。", page)


def test_a_first_submission_says_so_in_few_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    page = _page(client, _open(db_session, auth))
    assert "首次提交，无可比较的上一次提交。" in page
    assert "未经退回后重新提交" not in page


def test_a_due_date_is_kept_on_one_line(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(db_session, auth)
    reviewing.add_finding(
        assignment,
        FindingKind.CORRECTIVE_ACTION,
        "动火作业票缺少签字",
        None,
        "张三",
        dt.date(2027, 3, 31),
        assignment.reviewer,
    )
    db_session.commit()
    assert '<td class="date">2027-03-31</td>' in _page(client, assignment)


def test_the_item_code_in_labels_is_for_screen_readers_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assignment = _open(db_session, auth)
    page = _page(client, assignment)
    form = re.search(r'<form [^>]*id="decide-MS\.G1\.1".*?</form>', page, re.S)
    assert form is not None
    # Take out what only a screen reader reads: no code left in the form's visible text.
    seen = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", form.group(0))
    assert "MS.G1.1" not in re.sub(r"<[^>]+>", " ", seen)
    assert form.group(0).count('<span class="visually-hidden"> MS.G1.1</span>') >= 3
