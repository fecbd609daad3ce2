"""After the appeal period the final page says it ended; the secretariat sees decided appeals.

The organisation read only "申诉期至 <day>" once the day had passed; it now reads that the
period ended on that day and no appeal can be made. The secretariat's appeals page lists
the decided appeals beside the open ones: outcome, day, who decided, and why.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_day, beijing_today
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


@pytest.mark.parametrize(
    ("lang", "ended"),
    [
        ("zh", "申诉期已于 {day} 结束，不能再提出申诉。"),
        ("en", "The appeal period ended on {day}; no appeal can be made any more."),
    ],
)
def test_a_passed_appeal_period_says_it_ended_and_no_appeal_can_be_made(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, ended: str
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/{review.id}/final"
    assert 'id="appeal-over"' not in client.get(url).get_data(as_text=True)  # still open
    day = beijing_today() - dt.timedelta(days=1)
    review.appeal_until = day
    db_session.commit()
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert ended.format(day=day.isoformat()) in page
    assert 'name="reason"' not in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("已决定的申诉", "申诉驳回", "申诉成立")),
        ("en", ("Decided appeals", "Dismissed", "Upheld")),
    ],
)
def test_the_secretariat_sees_decided_appeals_with_outcome_day_and_decider(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: tuple[str, ...]
) -> None:
    world = make_review_world(6)
    reviews = assign_all(world)
    secretary = make_user(is_secretariat=True, name="秘书甲")
    first = submit_and_finalise(reviews[0], world.lead)
    second = submit_and_finalise(reviews[3], world.lead)
    today = beijing_today()
    dismissed = settling.file_appeal(first, "等级有误", today, world.members[0])
    settling.decide_appeal(dismissed, False, "证据不足", secretary)
    upheld = settling.file_appeal(second, "抽查有误", today, world.members[3])
    settling.decide_appeal(upheld, True, "理由成立", secretary)
    waiting = submit_and_finalise(reviews[1], world.lead)
    settling.file_appeal(waiting, "尚待决定", today, world.members[1])
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get("/reviews/appeals").get_data(as_text=True))
    heading, dismissed_word, upheld_word = words
    assert heading in page
    decided = page.split('id="decided"')[1]
    row = decided.split(f'id="decided-{dismissed.id}"')[1].split("</tr>")[0]
    assert dismissed_word in row
    assert "证据不足" in row
    assert "秘书甲" in row
    assert dismissed.decided_at is not None
    assert beijing_day(dismissed.decided_at).isoformat() in row
    assert world.companies[0].display_name(lang) in row
    assert upheld_word in decided.split(f'id="decided-{upheld.id}"')[1].split("</tr>")[0]
    assert "尚待决定" not in decided  # the open one is above, with its form
    assert "尚待决定" in page.split('id="decided"')[0]
