"""A failed login costs the database the same work whether or not the e-mail has an account:
the extra audit write for an existing account no longer hints, by its time, that the account
exists (the statements are counted, never timed). The unknown e-mail's entry keeps no typed
text, only where the attempt came from.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.helpers import page_text

WRONG = "not the password 123"


def _statements(connection: Connection, client: FlaskClient, email: str) -> list[str]:
    """The SQL statements one failed login runs (savepoint names and spacing evened out)."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(re.sub(r"\s+", " ", re.sub(r"sa_savepoint_\d+", "sp", statement)))

    event.listen(connection, "before_cursor_execute", note)
    try:
        response = client.post("/login", data={"email": email, "password": WRONG})
    finally:
        event.remove(connection, "before_cursor_execute", note)
    assert response.status_code == 200
    return seen


def test_an_unknown_email_and_a_wrong_password_run_the_same_statements(
    client: FlaskClient, db_session: Session, connection: Connection
) -> None:
    make_user(email="known@example.cn")
    db_session.commit()
    client.post("/login", data={"email": "warm@example.cn", "password": WRONG})  # caches warm

    known = _statements(connection, client, "known@example.cn")
    unknown = _statements(connection, client, "nobody@example.cn")

    assert unknown == known
    assert any(s.startswith("INSERT INTO audit_entries") for s in known)


WORDS = {
    "zh_CN": ("登录失败（电子邮箱无对应账号）", "（无此账号）", "登录页（未登录）"),
    "en": ("Failed login (no account with that e-mail)", "(no such account)", "Login page"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_unknown_emails_entry_says_where_from_and_keeps_nothing_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    secretariat = make_user(is_secretariat=True)
    db_session.commit()
    client.post("/login", data={"email": "nobody@example.cn", "password": WRONG})

    newest = select(AuditEntry).where(AuditEntry.action == "login.unknown")
    entry = db_session.scalars(newest.order_by(AuditEntry.id.desc()).limit(1)).one()
    stored = f"{entry.field} {entry.before} {entry.after} {entry.reason} {entry.actor_email}"
    assert "nobody" not in stored
    assert WRONG not in stored
    assert entry.field == "address:127.0.0.1"
    assert entry.actor_id is None
    auth.login(secretariat.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(page_text(client, "/audit/?action=login.unknown"))
    assert all(words in page for words in WORDS[lang])
