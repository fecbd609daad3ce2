"""Working-group pages: who sees which group, and the secretariat's role assignment."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, WorkingGroupRole
from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import make_cast, make_user, make_working_group


def test_secretariat_sees_every_group_with_its_members(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    make_working_group(name_zh="储运安全工作组")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/working-groups/").get_data(as_text=True)
    assert cast.group.name_zh in page
    assert "储运安全工作组" in page
    detail = client.get(f"/working-groups/{cast.group.id}").get_data(as_text=True)
    assert cast.organisation.name_zh in detail
    assert "lead@example.cn" in detail
    assert "指定角色" in detail


def test_a_lead_sees_only_their_own_groups_and_cannot_assign(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    other = make_working_group(name_zh="别的工作组")
    db_session.commit()
    auth.login("lead@example.cn")
    page = client.get("/working-groups/").get_data(as_text=True)
    assert cast.group.name_zh in page
    assert "别的工作组" not in page
    assert client.get(f"/working-groups/{other.id}").status_code == 403
    detail = client.get(f"/working-groups/{cast.group.id}").get_data(as_text=True)
    assert "指定角色" not in detail
    response = client.post(
        f"/working-groups/{cast.group.id}/roles",
        data={"email": "member@example.cn", "role": "reviewer"},
    )
    assert response.status_code == 403


def test_a_reviewer_has_no_group_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("reviewer@example.cn")
    assert client.get("/working-groups/").status_code == 403
    assert client.get(f"/working-groups/{cast.group.id}").status_code == 403


def test_secretariat_assigns_and_removes_a_role(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    url = f"/working-groups/{cast.group.id}/roles"
    response = client.post(url, data={"email": "Member@Example.cn", "role": "reviewer"})
    assert response.status_code == 302
    role = db_session.scalars(
        select(WorkingGroupRole).where(WorkingGroupRole.user_id == cast.member.id)
    ).one()
    assert role.role is GroupRole.REVIEWER
    again = client.post(url, data={"email": "member@example.cn", "role": "reviewer"})
    assert "由秘书处指定为该工作组的“评审员”，无需重复指定。" in again.get_data(as_text=True)
    assert client.post(f"{url}/{role.id}/delete").status_code == 302
    assert db_session.get(WorkingGroupRole, role.id) is None
    actions = [
        e.action
        for e in db_session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "working_group").order_by(AuditEntry.id)
        )
    ]
    assert actions == ["role.add", "role.remove"]


def test_assigning_an_unknown_email_names_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    make_user(email="someone@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        f"/working-groups/{cast.group.id}/roles",
        data={"email": "nobody@example.cn", "role": "lead"},
    )
    page = response.get_data(as_text=True)
    assert "没有使用电子邮箱 nobody@example.cn 的用户" in page
    assert 'value="nobody@example.cn"' in page


def test_the_lead_comes_first_and_the_role_field_is_named_role(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()  # lead, deputy and reviewer: by key they sort deputy, lead, reviewer
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.get(f"/working-groups/{cast.group.id}").get_data(as_text=True)
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.index("lead@example.cn") < table.index("deputy@example.cn")
    assert table.index("deputy@example.cn") < table.index("reviewer@example.cn")
    assert '<label for="role">Role</label>' in page


def test_the_role_messages_name_the_role_and_the_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    url = f"/working-groups/{cast.group.id}/roles"
    page = client.post(
        url, data={"email": "member@example.cn", "role": "reviewer"}, follow_redirects=True
    )
    member = cast.member.name
    assert f"已指定{member}为{cast.group.name_zh}评审员。" in page.get_data(as_text=True)
    role = db_session.scalars(
        select(WorkingGroupRole).where(WorkingGroupRole.user_id == cast.member.id)
    ).one()
    client.get("/lang/en")
    removed = client.post(f"{url}/{role.id}/delete", follow_redirects=True)
    group_en = cast.group.name_en or cast.group.name_zh
    assert f"{member} is no longer Reviewer of the {group_en}." in removed.get_data(as_text=True)
