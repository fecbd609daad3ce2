"""The deputy sees where running reviews stand: due days, states, overdue first (QA grouprun 1).

The deputy lead taking over saw on his home page only a corrective action to confirm, on
the group page 评审中 and who had submitted, on the assign page the reviewers without their
dates. Now each running review shows its kind, visit day and per reviewer the day due and
the state (未开始 / 进行中 / 已提交 / 逾期 N 天), overdue first; the home page counts them.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing
from rcapp.reviews.models import FindingKind, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

WORDS = {
    "zh": {
        "late": "逾期 3 天",
        "started": "进行中",
        "new": "未开始",
        "done": "已提交",
        "due": "截止 ",
        "home": "9 份评审等待评审员提交，其中评审逾期 1 份 / 即将到期 1 份（7 天内）",
    },
    "en": {
        "late": "3 days overdue",
        "started": "in progress",
        "new": "not started",
        "done": "submitted",
        "due": "due ",
        "home": "9 reviews awaited from reviewers; overdue: 1; due within 7 days: 1",
    },
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _day(days: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=days)


def _running(db_session: Session) -> tuple[ReviewWorld, Review, Review]:
    """Review 1: one reviewer 3 days late, one at work due in 5 days; review 0: calm."""
    world = make_review_world(5)
    reviews = assign_all(world, ReviewKind.ONSITE)
    calm, late = reviews[0], reviews[1]
    calm.visit_on = _day(12)
    done, fresh = calm.assignments
    reviewing.accept_remaining(done, list(calm.sample), set(), done.reviewer)
    reviewing.submit_assignment(done, done.reviewer)
    fresh.due_on = _day(20)
    behind, busy = late.assignments
    behind.due_on, busy.due_on = _day(-3), _day(5)
    reviewing.add_finding(
        busy,
        FindingKind.CORRECTIVE_ACTION,
        "记录缺签字",
        "C1.E1.1",
        "王工",
        _day(60),
        busy.reviewer,
    )
    for review in reviews[2:]:  # far from due: waiting, neither overdue nor soon
        for a in review.assignments:
            a.due_on = _day(30)
    db_session.commit()
    return world, calm, late


def _deputy(world: ReviewWorld, db_session: Session) -> str:
    deputy = make_user(make_organisation(), name="郑凯")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()
    return deputy.email


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_group_page_lists_running_reviews_overdue_first(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, calm, late = _running(db_session)
    auth.login(_deputy(world, db_session))
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    table = page.split('id="running-reviews"')[1].split("</table>")[0]
    assert table.index(f'id="running-{late.id}"') < table.index(f'id="running-{calm.id}"')
    words = WORDS[lang]
    late_row = _text(table.split(f'id="running-{late.id}"')[1].split("</tr>")[0])
    assert words["due"] + _day(-3).isoformat() in late_row
    assert words["late"] in late_row
    assert words["started"] in late_row
    calm_row = _text(table.split(f'id="running-{calm.id}"')[1].split("</tr>")[0])
    assert _day(12).isoformat() in calm_row  # the visit day
    assert words["done"] in calm_row
    assert words["new"] in calm_row
    assert words["due"] + _day(20).isoformat() in calm_row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_page_counts_overdue_and_soon_due_reviews(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _calm, _late = _running(db_session)
    auth.login(_deputy(world, db_session))
    client.get(f"/lang/{lang}")
    page = client.get("/").get_data(as_text=True)
    line = page.split(f'id="todo-reviews-due-{world.group.id}"')[1].split("</li>")[0]
    assert WORDS[lang]["home"] in _text(line)
    assert f"/reviews/groups/{world.group.id}#running" in line


def test_the_assign_page_gives_each_reviewer_a_due_day_and_state(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _calm, late = _running(db_session)
    auth.login(world.lead.email)
    page = _text(
        client.get(f"/reviews/assessments/{late.assessment_id}/assign").get_data(as_text=True)
    )
    assert f"截止 {_day(-3).isoformat()} · 逾期 3 天" in page
    assert f"截止 {_day(5).isoformat()} · 进行中" in page


def test_a_member_of_the_group_sees_no_running_reviews(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _calm, _late = _running(db_session)
    auth.login(world.members[0].email)
    assert client.get(f"/reviews/groups/{world.group.id}").status_code == 403
    assert "todo-reviews-due" not in client.get("/").get_data(as_text=True)
