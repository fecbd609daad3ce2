"""Mail waiting for an address the admin corrected, or whose unused account they deleted,
is cancelled: the wrong address gets nothing more, and the new invitation goes to the new one.

The outbox keeps the cancelled mail and says why: "已取消（收件地址已更正）"."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.mail.services import requeue_failed
from tests.conftest import AuthActions
from tests.factories import Cast, make_cast

WRONG = "Liu.Yang@linhai-chlor.example.con"
RIGHT = "liu.yang@linhai-chlor.example.cn"
INVITE_LINK = re.compile(r'id="invitation-url"[^>]*>http://localhost(/invite/[A-Za-z0-9_\-]+)<')


@pytest.fixture
def cast(db_session: Session, auth: AuthActions) -> Cast:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    return cast


def _message(to: str, status: MessageStatus, kind: str = "reminder") -> OutboxMessage:
    return OutboxMessage(
        kind=kind, to_address=to, to_name="刘洋", lang="zh_CN", subject="提醒", body="…",
        status=status,
    )  # fmt: skip


def _outbox(session: Session) -> list[tuple[str, str, MessageStatus]]:
    session.expire_all()
    rows = session.execute(
        select(OutboxMessage.kind, OutboxMessage.to_address, OutboxMessage.status)
    ).all()
    return sorted((kind, to.lower(), status) for kind, to, status in rows)


def _invited_with_mail_waiting(client: FlaskClient, session: Session, cast: Cast) -> int:
    """Invite at the wrong address; mail waits for it (and a sent one, and one to another)."""
    data = {"name": "刘洋", "email": WRONG, "role": "member", "language": "zh_CN"}
    page = client.post(f"/organisations/{cast.organisation.id}/users", data=data)
    assert INVITE_LINK.search(page.get_data(as_text=True)) is not None
    session.add_all(
        [
            _message(WRONG.lower(), MessageStatus.PENDING),
            _message(WRONG.lower(), MessageStatus.FAILED),  # "send now" would requeue it
            _message(WRONG.lower(), MessageStatus.SENT),  # gone already: kept as sent
            _message("someone@example.cn", MessageStatus.PENDING),
        ]
    )
    session.commit()
    waiting = [row for row in _outbox(session) if row[1] == WRONG.lower()]
    assert ("invitation", WRONG.lower()) in [row[:2] for row in waiting]
    return session.scalars(select(User.id).where(User.email == WRONG.lower())).one()


def test_correcting_the_address_cancels_the_mail_waiting_for_the_old_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, cast: Cast
) -> None:
    user_id = _invited_with_mail_waiting(client, db_session, cast)
    url = f"/organisations/{cast.organisation.id}/users/{user_id}/email"
    assert INVITE_LINK.search(client.post(url, data={"email": RIGHT}).get_data(as_text=True))
    rows = _outbox(db_session)
    assert [row for row in rows if row[1] == WRONG.lower()] == [
        ("invitation", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.SENT),
    ]
    assert ("invitation", RIGHT) in [row[:2] for row in rows]
    assert ("reminder", "someone@example.cn", MessageStatus.PENDING) in rows
    _the_outbox_says(client, auth, "已取消（收件地址已更正）", "Cancelled (address corrected)")


def test_deleting_the_unused_account_cancels_the_mail_waiting_for_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, cast: Cast
) -> None:
    user_id = _invited_with_mail_waiting(client, db_session, cast)
    url = f"/organisations/{cast.organisation.id}/users/{user_id}/delete"
    assert client.post(url, data={"confirmed": "1"}).status_code == 302
    assert _outbox(db_session) == [
        ("invitation", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.CANCELLED),
        ("reminder", WRONG.lower(), MessageStatus.SENT),
        ("reminder", "someone@example.cn", MessageStatus.PENDING),
    ]
    _the_outbox_says(
        client,
        auth,
        "已取消（未使用的账号已删除）",
        "Cancelled (unused account deleted)",
    )


def _the_outbox_says(client: FlaskClient, auth: AuthActions, zh: str, en: str) -> None:
    """The secretariat's outbox shows the cancelled mail with why, and nothing sends it."""
    auth.logout()
    auth.login("sec@example.cn")
    for lang, said in (("zh", zh), ("en", en)):
        client.get(f"/lang/{lang}")
        page = html.unescape(client.get("/outbox/?status=cancelled").get_data(as_text=True))
        assert page.count(said) == 3
    assert requeue_failed() == 0  # "send now" does not bring it back
