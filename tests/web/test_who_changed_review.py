"""A stale consolidation or review-days page names who changed the finding or the days.

A colleague by name (the deputy 郑凯, "郑凯 (Zheng Kai)" in English), the lead herself as her
other window, tab or device; the input is kept (rcapp.audit.whose).
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.clock import beijing_today
from rcapp.reviews import lead_findings, review_days
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.models import Finding, Review, ReviewKind
from rcapp.reviews.services import AssignDates, assign_reviewers
from tests.conftest import AuthActions
from tests.factories import make_group_deputy
from tests.factories_reviews import (
    FINDING_DUE,
    ReviewWorld,
    make_review_world,
    submitted_with_finding,
)
from tests.web.helpers import words_of
from tests.web.stale_two_hands import LANGS, signed_in

DEPUTY = {"zh": "郑凯", "en": "郑凯 (Zheng Kai)"}
REASON = "与另一条重复"


def _dropped(world: ReviewWorld) -> tuple[Review, Finding]:
    review, action = submitted_with_finding(world)
    lead_findings.drop_finding(review, action, REASON, world.lead, finding_stamp(action))
    return review, action


def _restore(client: FlaskClient, review: Review, finding: Finding, seen: str) -> tuple[int, str]:
    url = f"/reviews/{review.id}/findings/{finding.id}/restore"
    answer = client.post(url, data={f"restore-{finding.id}-seen": seen})
    return answer.status_code, words_of(answer.get_data(as_text=True))


@pytest.mark.parametrize("lang", LANGS)
def test_a_stale_edit_names_the_deputy_who_edited_it_and_keeps_the_input(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = submitted_with_finding(world)
    deputy = make_group_deputy(world.group)
    shown = finding_stamp(action)
    lead_findings.edit_finding(review, action, "演练报告缺签字", "赵工", FINDING_DUE, deputy, shown)
    db_session.commit()
    signed_in(auth, world.lead.email, lang)
    p = f"finding-{action.id}-"
    data = {p + "text": "我的新写法", p + "owner": "李工", p + "due_on": "2027-09-30"}
    answer = client.post(
        f"/reviews/{review.id}/findings/{action.id}/edit", data={**data, p + "seen": shown}
    )
    assert answer.status_code == 409
    page = words_of(answer.get_data(as_text=True))
    assert {
        "zh": "这条发现在您打开本页后已被郑凯修改或删去",
        "en": f"{DEPUTY['en']} changed or dropped this finding after you opened this page",
    }[lang] in page
    assert "已被他人修改或删去" not in page
    assert "我的新写法" in page


def _restored_and_dropped_again(review: Review, action: Finding, deputy: User, seen: str) -> None:
    lead_findings.restore_finding(review, action, deputy, seen)
    lead_findings.drop_finding(review, action, "另一个理由", deputy, finding_stamp(action))


# What the deputy did after the lead opened the page, and how the lead's restore is refused.
BY_DEPUTY = {
    "restored": (
        lead_findings.restore_finding,
        {
            "zh": "这条发现已被郑凯恢复，会发给单位；无需再次恢复。",
            "en": f"{DEPUTY['en']} has already restored this finding",
        },
    ),
    "restored and dropped again": (
        _restored_and_dropped_again,
        {
            "zh": "这条发现在您打开本页后已被郑凯恢复后再次删去",
            "en": f"{DEPUTY['en']} restored this finding after you opened this page and dropped it",
        },
    ),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("done", BY_DEPUTY)
def test_a_stale_restore_names_the_deputy_and_what_he_did(
    client: FlaskClient, db_session: Session, auth: AuthActions, done: str, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _dropped(world)
    seen = dropped_stamp(action)
    deputy_does, said = BY_DEPUTY[done]
    deputy_does(review, action, make_group_deputy(world.group), seen)
    db_session.commit()
    signed_in(auth, world.lead.email, lang)
    status, page = _restore(client, review, action, seen)
    assert status == 409
    assert said[lang] in page
    assert "已被他人恢复" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_a_restore_done_in_the_leads_other_tab_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _dropped(world)
    seen = dropped_stamp(action)
    db_session.commit()
    signed_in(auth, world.lead.email, lang)
    assert _restore(client, review, action, seen)[0] == 302  # the other tab
    status, page = _restore(client, review, action, seen)
    assert status == 409
    assert {
        "zh": "您已在另一窗口、标签页或设备中恢复这条发现，会发给单位；无需再次恢复。",
        "en": "You already restored this finding in another window, tab or device",
    }[lang] in page


def _day(days: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=days)


@pytest.mark.parametrize("lang", LANGS)
def test_days_moved_in_the_leads_other_tab_say_so_and_keep_the_input(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(4)
    review = assign_reviewers(
        world.assessments[0],
        ReviewKind.ONSITE,
        [world.reviewers[1], world.reviewers[2]],
        world.lead,
        dates=AssignDates(_day(30), _day(20)),
    )
    db_session.commit()
    signed_in(auth, world.lead.email, lang)
    shown = review_days.days_stamp(review)
    url = f"/reviews/{review.id}/days"
    due = _day(30).isoformat()
    first = {"days-visit_on": _day(22).isoformat(), "days-due_on": due, "days-seen": shown}
    assert client.post(url, data=first).status_code == 302  # the other tab
    stale = client.post(url, data={**first, "days-visit_on": _day(25).isoformat()})
    assert stale.status_code == 409
    page = html.unescape(stale.get_data(as_text=True))
    assert {
        "zh": "您已在另一窗口、标签页或设备中更改本评审的日期",
        "en": "You changed this review's dates in another window, tab or device",
    }[lang] in words_of(page)
    assert f'value="{_day(25).isoformat()}"' in page
