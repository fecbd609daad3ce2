"""A role changed or removed since the page opened is not silently undone or repeated:
the stale page is told who changed what, and keeps the choice made on it."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts import services
from rcapp.accounts.models import GroupRole, Membership, OrgRole, WorkingGroupRole
from rcapp.audit.models import AuditEntry
from rcapp.clock import to_beijing
from tests.conftest import AuthActions
from tests.factories import make_cast, make_group_role, make_secretariat, make_user


def _role_of(db_session: Session, membership_user: int) -> OrgRole:
    db_session.expire_all()
    return db_session.scalars(
        select(Membership.role).where(Membership.user_id == membership_user)
    ).one()


def _logged_at(db_session: Session, action: str) -> str:
    """The Beijing time, as pages show it, of the newest audit entry of `action`."""
    at = db_session.scalars(
        select(AuditEntry.at).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()
    assert at is not None
    return to_beijing(at).strftime("%Y-%m-%d %H:%M")


def test_a_role_changed_meanwhile_is_not_undone_and_the_choice_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    base = f"/organisations/{cast.organisation.id}/users"
    page = client.get(base).get_data(as_text=True)
    assert '<input type="hidden" name="shown" value="member">' in page
    # The secretariat makes the member an admin while this page is open.
    membership = next(m for m in cast.member.memberships)
    services.change_member_role(membership, OrgRole.ADMIN, cast.secretariat)
    db_session.commit()

    url = f"{base}/{cast.member.id}/role"
    response = client.post(url, data={"role": "member", "shown": "member"})
    assert response.status_code == 409
    text = html.unescape(response.get_data(as_text=True))
    when = _logged_at(db_session, "member.role")
    assert f"填报人的角色在您打开本页后已被秘书处于 {when}（北京时间）改为“管理员”。" in text
    row = re.search(rf'id="role-{cast.member.id}">(.*?)</select>', text, re.S)
    assert row is not None
    assert '<option value="member" selected>' in row.group(1)
    assert _role_of(db_session, cast.member.id) is OrgRole.ADMIN

    # Based on the stored role now: submitting again is the admin's decision.
    assert client.post(url, data={"role": "member", "shown": "admin"}).status_code == 302
    assert _role_of(db_session, cast.member.id) is OrgRole.MEMBER


def test_a_role_changed_meanwhile_is_named_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    client.get("/lang/en")
    membership = next(m for m in cast.member.memberships)
    services.change_member_role(membership, OrgRole.ADMIN, cast.secretariat)
    db_session.commit()
    response = client.post(
        f"/organisations/{cast.organisation.id}/users/{cast.member.id}/role",
        data={"role": "member", "shown": "member"},
    )
    assert response.status_code == 409
    text = html.unescape(response.get_data(as_text=True))
    when = _logged_at(db_session, "member.role")
    assert (
        "The role of 填报人 was changed to “Administrator” by 秘书处 (Bi Shuchu) "
        f"at {when} (Beijing time)" in text
    )


def test_removing_a_group_role_removed_meanwhile_says_who_did_in_zh_and_en(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    wang = make_user(cast.outsider_org, name="王工")
    group_role = make_group_role(wang, cast.group, GroupRole.REVIEWER)
    other = make_secretariat(name="周秘书")
    db_session.commit()
    auth.login(cast.secretariat.email)
    url = f"/working-groups/{cast.group.id}/roles/{group_role.id}/delete"
    page = client.get(f"/working-groups/{cast.group.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="user" value="{wang.id}">' in page
    services.remove_group_role(group_role, other)  # a colleague, meanwhile
    db_session.commit()
    form = {"user": str(wang.id), "role": "reviewer"}
    response = client.post(url, data=form, follow_redirects=True)
    assert response.status_code == 200
    text = html.unescape(response.get_data(as_text=True))
    assert "王工的“评审员”角色已被周秘书取消，无需重复操作。" in text
    client.get("/lang/en")
    text = html.unescape(client.post(url, data=form, follow_redirects=True).get_data(as_text=True))
    assert (
        "The “Reviewer” role of 王工 (Wang Gong) has already been removed by 周秘书 (Zhou Mishu)"
        in text
    )
    db_session.expire_all()
    assert (
        db_session.scalars(
            select(WorkingGroupRole).where(WorkingGroupRole.user_id == wang.id)
        ).all()
        == []
    )


def test_a_group_role_assigned_meanwhile_names_who_and_when_in_zh_and_en(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    other = make_secretariat(name="周秘书")
    db_session.commit()
    auth.login(cast.secretariat.email)
    client.get(f"/working-groups/{cast.group.id}")
    # A colleague makes the member a reviewer while this page is open.
    services.assign_group_role(cast.group, cast.member, GroupRole.REVIEWER, other)
    db_session.commit()
    when = _logged_at(db_session, "role.add")
    url = f"/working-groups/{cast.group.id}/roles"
    form = {"email": cast.member.email, "role": "reviewer"}
    text = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert f"填报人已于 {when}（北京时间）由周秘书指定为该工作组的“评审员”，无需重复指定。" in text
    client.get("/lang/en")
    text = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert (
        "填报人 was already made “Reviewer” of this working group by 周秘书 (Zhou Mishu) "
        f"at {when} (Beijing time)" in text
    )
    assert len(cast.member.group_roles) == 1


def test_two_admins_demoting_each_other_the_second_is_told_not_a_bare_403(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa41 S5: both admins on the users page; the other one demotes this one first."""
    cast = make_cast()
    other_admin = make_user(cast.organisation, OrgRole.ADMIN, name="孙志强")
    db_session.commit()
    auth.login(cast.admin.email)
    base = f"/organisations/{cast.organisation.id}/users"
    assert client.get(base).status_code == 200
    mine = next(m for m in cast.admin.memberships)
    services.change_member_role(mine, OrgRole.MEMBER, other_admin)
    db_session.commit()

    url = f"{base}/{other_admin.id}/role"
    response = client.post(url, data={"role": "member", "shown": "admin"}, follow_redirects=True)
    assert response.status_code == 200
    text = html.unescape(response.get_data(as_text=True))
    when = _logged_at(db_session, "member.role")
    assert f"您的角色刚被孙志强于 {when}（北京时间）改为“填报人”，不能再修改角色" in text
    assert _role_of(db_session, other_admin.id) is OrgRole.ADMIN
    client.get("/lang/en")
    english = client.post(url, data={"role": "member", "shown": "admin"}, follow_redirects=True)
    assert "Your role was just changed to “Contributor” by 孙志强" in html.unescape(
        english.get_data(as_text=True)
    )
    # Someone who never was an admin still gets the bare 403.
    auth.login(cast.member.email)
    assert client.post(url, data={"role": "member", "shown": "admin"}).status_code == 403
