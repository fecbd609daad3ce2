"""qa14 D8: the company's to-do list showed nothing of its peer review's aftermath.

Its open corrective actions (sent back by the lead, overdue) and its appeal waiting for
the secretariat now appear on its home page, each a link to its place on the review
result page; only for users who may act on them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

WORDS = {
    "zh": {
        "heading": "整改与申诉",
        "open": "整改项待完成（2025 年度）：C1.E1.1 演练评估报告缺签字",
        "sent_back": "整改项被退回，待继续整改（2025 年度）：C1.E1.2 应急预案未备案",
        "reason": "退回理由：备案回执不清晰",
        "overdue": "已逾期 10 天",
        "appeal": "申诉待秘书处决定（2025 年度），提出于",
    },
    "en": {
        "heading": "Corrective actions and appeals",
        "open": "Corrective action to carry out (2025): C1.E1.1 演练评估报告缺签字",
        "sent_back": "Corrective action sent back for more work (2025): C1.E1.2 应急预案未备案",
        "reason": "Reason it was sent back: 备案回执不清晰",
        "overdue": "overdue by 10 days",
        "appeal": "Appeal waiting for the secretariat's decision (2025), filed on",
    },
}


def _line(page: str, line_id: str) -> str:
    """The to-do line's HTML (links) and its text without tags."""
    return page.split(f'id="{line_id}"')[1].split("</li>")[0]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _finalised(world: ReviewWorld) -> tuple[Review, Finding, Finding]:
    review = assign_all(world)[0]
    first = review.assignments[0]
    today = beijing_today()
    due = today - dt.timedelta(days=10)
    overdue = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        due,
        first.reviewer,
    )
    later = today + dt.timedelta(days=30)
    sent_back = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "应急预案未备案",
        "C1.E1.2",
        "李工",
        later,
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    member = world.members[0]
    settling.close_action(sent_back, "已备案", member, None)
    settling.accept_action(sent_back, False, world.lead, "备案回执不清晰")
    return review, overdue, sent_back


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_company_home_lists_its_open_and_sent_back_actions_and_its_appeal(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, overdue, sent_back = _finalised(world)
    settling.file_appeal(review, "证据已补充", beijing_today(), world.members[0])
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    page = client.get("/").get_data(as_text=True)

    words = WORDS[lang]
    assert words["heading"] in page
    first = _line(page, f"todo-own-action-{overdue.id}")
    assert f'href="/reviews/{review.id}/final#action-{overdue.id}"' in first
    assert words["open"] in _text(first)
    assert words["overdue"] in _text(first)
    second = _line(page, f"todo-own-action-{sent_back.id}")
    assert f'href="/reviews/{review.id}/final#action-{sent_back.id}"' in second
    assert words["sent_back"] in _text(second)
    assert words["reason"] in _text(second)
    assert words["overdue"] not in _text(second)
    (appeal,) = review.appeals
    line = _line(page, f"todo-appeal-{appeal.id}")
    assert f'href="/reviews/{review.id}/final#appeal"' in line
    assert words["appeal"] in _text(line)


def test_only_the_organisations_users_see_them_and_done_actions_leave_the_list(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, overdue, sent_back = _finalised(world)
    colleague = make_user(world.companies[0])
    db_session.commit()
    auth.login(world.members[1].email)  # another company of the group
    assert "整改与申诉" not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(world.lead.email)  # the lead accepts; he does not carry them out
    assert "todo-own-action" not in client.get("/").get_data(as_text=True)
    auth.logout()

    settling.close_action(overdue, "已签字", colleague, None)
    db_session.commit()
    auth.login(colleague.email)
    page = client.get("/").get_data(as_text=True)
    assert f'id="todo-own-action-{overdue.id}"' not in page  # closed: the lead's turn
    assert f'id="todo-own-action-{sent_back.id}"' in page
