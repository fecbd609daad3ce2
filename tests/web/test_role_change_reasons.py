"""Changing a member's role and giving or taking a working-group role ask for an optional
reason, kept as the audit entry's reason (QA47 D3: deactivation asked, these did not)."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import make_cast, make_group_role, make_user

LABEL = {"zh": "原因（可不填）", "en": "Reason (optional)"}
TOO_LONG = {"zh": "修改原因不能超过 500 个字符。", "en": "500 characters"}


def _newest(db_session: Session, action: str) -> AuditEntry:
    statement = select(AuditEntry).where(AuditEntry.action == action)
    entry = db_session.scalars(statement.order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    return entry


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_role_change_keeps_its_reason_and_a_too_long_one_is_refused_keeping_the_text(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    client.get(f"/lang/{lang}")
    base = f"/organisations/{cast.organisation.id}/users"
    page = html.unescape(client.get(base).get_data(as_text=True))
    assert f'id="role-reason-{cast.member.id}"' in page
    assert LABEL[lang] in page
    url = f"{base}/{cast.member.id}/role"
    long = "长" * 501
    refused = client.post(url, data={"role": "admin", "shown": "member", "reason": long})
    assert refused.status_code == 400
    text = html.unescape(refused.get_data(as_text=True))
    assert TOO_LONG[lang] in text
    assert f'value="{long}"' in text  # nothing typed is lost
    assert (
        db_session.scalars(select(AuditEntry).where(AuditEntry.action == "member.role")).all() == []
    )
    data = {"role": "admin", "shown": "member", "reason": " 接任安全主管 "}
    assert client.post(url, data=data).status_code == 302
    entry = _newest(db_session, "member.role")
    assert (entry.before, entry.after, entry.reason) == ('"member"', '"admin"', "接任安全主管")
    assert cast.member.memberships[0].role is OrgRole.ADMIN


def test_a_role_change_without_a_reason_records_none(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/users/{cast.member.id}/role"
    assert client.post(url, data={"role": "admin", "shown": "member"}).status_code == 302
    assert _newest(db_session, "member.role").reason is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_giving_and_taking_a_group_role_keep_their_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    wang = make_user(cast.outsider_org, name="王工")
    group_role = make_group_role(wang, cast.group, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(cast.secretariat.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/working-groups/{cast.group.id}").get_data(as_text=True))
    assert f'id="remove-reason-{group_role.id}"' in page
    assert LABEL[lang] in page
    form = {"email": cast.member.email, "role": "deputy", "reason": "轮换"}
    response = client.post(f"/working-groups/{cast.group.id}/roles", data=form)
    assert response.status_code == 302
    assert _newest(db_session, "role.add").reason == "轮换"
    url = f"/working-groups/{cast.group.id}/roles/{group_role.id}/delete"
    form = {"user": str(wang.id), "role": "reviewer", "reason": "已调离本组"}
    assert client.post(url, data=form).status_code == 302
    assert _newest(db_session, "role.remove").reason == "已调离本组"
