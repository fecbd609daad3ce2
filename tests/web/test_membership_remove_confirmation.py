"""Removing a member asks first, naming who, from where and what follows; no JavaScript needed.

The users page links to the confirmation; only its confirmed POST removes. A bare POST (a
page opened before this step existed) shows the confirmation too and changes nothing.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import Membership
from rcapp.accounts.queries import find_membership
from rcapp.accounts.services import add_membership
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user


def _text(response: object) -> str:
    page = html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def _set_up(db_session: Session, auth: AuthActions) -> tuple[Membership, str]:
    organisation = make_organisation(name_zh="甲化工有限公司", name_en="Jia Chemicals")
    member = make_user(organisation, name="王五", email="wang@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    membership = find_membership(organisation.id, member.id)
    assert membership is not None
    return membership, f"/organisations/{organisation.id}/users/{member.id}/remove"


@pytest.mark.parametrize(
    ("lang", "question", "consequence", "button", "cancel"),
    [
        (
            "zh_CN",
            "确认将王五移出甲化工有限公司？",
            "其进行中的评审任务会重新检查利益冲突",
            "确认移出",
            "取消",
        ),
        (
            "en",
            "Remove 王五 from Jia Chemicals?",
            "their open review assignments are checked again for conflicts of interest",
            "Remove",
            "Cancel",
        ),
    ],
)
def test_the_remove_link_leads_to_a_confirmation_that_removes_nothing_yet(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    question: str,
    consequence: str,
    button: str,
    cancel: str,
) -> None:
    membership, url = _set_up(db_session, auth)
    organisation_id, user_id = membership.organisation_id, membership.user_id
    client.get(f"/lang/{lang}")
    users_page = client.get(f"/organisations/{organisation_id}/users").get_data(as_text=True)
    assert f'<a href="{url}">' in users_page
    assert f'action="{url}"' not in users_page  # no one-click form left

    for response in (client.get(url), client.post(url)):  # the link, or an old page's form
        assert response.status_code == 200
        text = _text(response)
        assert question in text
        assert consequence in text
        page = response.get_data(as_text=True)
        assert re.search(
            rf'<form method="post" action="{url}".*name="confirmed".*value="1".*'
            rf'<button type="submit" class="danger">{button}</button>',
            page,
            re.S,
        )
        assert f'<a href="/organisations/{organisation_id}/users">{cancel}</a>' in page
        db_session.expire_all()
        assert find_membership(organisation_id, user_id) is not None


@pytest.mark.parametrize(
    ("lang", "only"),
    [
        ("zh_CN", "这是该用户唯一的所属单位"),
        ("en", "This is their only organisation"),
    ],
)
def test_the_confirmation_warns_when_it_is_the_persons_only_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, only: str
) -> None:
    membership, url = _set_up(db_session, auth)
    client.get(f"/lang/{lang}")
    assert only in _text(client.get(url))
    add_membership(membership.user, make_organisation().id, membership.role)  # a second one
    db_session.commit()
    assert only not in _text(client.get(url))


def test_only_the_confirmed_post_removes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    membership, url = _set_up(db_session, auth)
    organisation_id, user_id = membership.organisation_id, membership.user_id
    response = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert "已将王五移出本单位。" in _text(response)
    db_session.expire_all()
    assert find_membership(organisation_id, user_id) is None
    # Confirmed again (a double click): gone either way, nothing to confirm.
    again = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert "该用户已不是本单位成员。" in _text(again)
