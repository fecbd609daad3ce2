"""A stale click on a corrective action names who changed it last (qa10 D4).

The deputy's older page accepted an action the lead had just sent back; the message named
the company user who had closed it hours before ("已由 李娜 处理"), not the lead.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import ActionStatus, FindingKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "该整改项已由组长甲处理"), ("en", "组长甲")],
)
def test_a_stale_accept_names_the_lead_who_sent_the_action_back(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_review_world(6)
    world.lead.name = "组长甲"
    member = world.members[0]
    member.name = "企业乙"
    deputy = make_user(make_organisation(), name="副组长丙")
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    review = assign_all(world)[0]
    first = review.assignments[0]
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    settling.close_action(action, "已补签", member)
    settling.accept_action(action, False, world.lead, "签字页仍缺日期")
    db_session.commit()
    auth.login(deputy.email)
    client.get(f"/lang/{lang}")
    response = client.post(f"/reviews/findings/{action.id}/accept/1", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert words in page
    assert "企业乙" not in page.split('class="flash')[1].split("</div>")[0]
    db_session.refresh(action)
    assert action.action_status is ActionStatus.OPEN
