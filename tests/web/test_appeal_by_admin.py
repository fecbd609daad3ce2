"""Only the organisation's admin files its single appeal; a member is told who can (QA32 S3)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

FORM = 'name="reason"'


@pytest.mark.parametrize(
    ("lang", "told"),
    [("zh", "申诉由本单位的管理员提出：{admin}。如认为需要申诉，请与其联系。"),
     ("en", "The organisation’s admin files an appeal: <span lang=\"zh-CN\">{admin}</span>.")],
)  # fmt: skip
def test_a_plain_member_cannot_appeal_and_is_told_who_can(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, told: str
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    member = make_user(world.companies[0], name="普通成员")
    db_session.commit()
    admin = world.members[0]
    auth.login(member.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/{review.id}/final"
    page = client.get(url).get_data(as_text=True)
    assert FORM not in page
    assert told.format(admin=admin.name) in page
    refused = client.post(f"/reviews/{review.id}/appeal", data={"reason": "等级有误"})
    assert refused.status_code == 403
    db_session.refresh(review)
    assert review.appeals == []

    auth.logout()
    auth.login(admin.email)
    assert FORM in client.get(url).get_data(as_text=True)
    assert 'id="appeal-admins"' not in client.get(url).get_data(as_text=True)
    filed = client.post(f"/reviews/{review.id}/appeal", data={"reason": "等级有误"})
    assert filed.status_code == 302
