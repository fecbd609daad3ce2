"""User administration: the secretariat's users area and an organisation's own users page."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts.models import Membership, OrgRole, User
from rcapp.audit.models import AuditEntry
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_cast, make_organisation, make_secretariat, make_user

INVITE_LINK = re.compile(r'id="invitation-url"[^>]*>(http://localhost/invite/[A-Za-z0-9_\-]+)<')
CONFIRMED = {"confirmed": "1"}


def _user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def _secretariat_signed_in(db_session: Session, auth: AuthActions) -> Organisation:
    """Make the secretariat user sec@example.cn and an organisation; sign the secretariat in."""
    make_secretariat(email="sec@example.cn")
    organisation = make_organisation()
    db_session.commit()
    auth.login("sec@example.cn")
    return organisation


def _add_user(client: FlaskClient, **fields: str) -> TestResponse:
    """Post the new-user form: a member invited by link unless `fields` say otherwise."""
    return client.post("/admin/users/new", data={"role": "member", "access": "invite", **fields})


def test_secretariat_creates_a_user_with_an_invitation_link(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _secretariat_signed_in(db_session, auth)
    response = _add_user(
        client,
        name="李工",
        email="Li@Example.cn",
        organisation_id=str(organisation.id),
        role="admin",
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    match = INVITE_LINK.search(response.get_data(as_text=True))
    assert match is not None
    user = _user(db_session, "li@example.cn")
    assert user.password_hash is None
    assert [(m.organisation_id, m.role) for m in user.memberships] == [
        (organisation.id, OrgRole.ADMIN)
    ]
    auth.logout()
    path = match.group(1).removeprefix("http://localhost")
    accepted = client.post(
        path, data={"password": "a long new secret", "confirm": "a long new secret"}
    )
    assert accepted.status_code == 302
    auth.logout()
    auth.login("li@example.cn", "a long new secret")


def test_secretariat_issues_a_first_password_that_must_be_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat_signed_in(db_session, auth)
    response = _add_user(
        client,
        name="秘书处新人",
        email="new@example.cn",
        is_secretariat="y",
        organisation_id="",
        access="password",
        password="first password 1",
    )
    assert response.status_code == 302
    user = _user(db_session, "new@example.cn")
    assert user.is_secretariat
    assert user.must_change_password
    auth.logout()
    login = client.post("/login", data={"email": "new@example.cn", "password": "first password 1"})
    assert login.headers["Location"] == "/account/password"


def test_choosing_a_password_without_typing_one_is_explained(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _secretariat_signed_in(db_session, auth)
    response = _add_user(
        client,
        name="王工",
        email="wang@example.cn",
        organisation_id=str(organisation.id),
        access="password",
        password="",
    )
    page = response.get_data(as_text=True)
    assert "请填写初始密码" in page
    assert 'value="wang@example.cn"' in page
    assert 'value="王工"' in page


def test_a_user_needs_an_organisation_unless_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat_signed_in(db_session, auth)
    response = _add_user(client, name="王工", email="wang@example.cn", organisation_id="")
    assert "请选择所属单位" in response.get_data(as_text=True)


def test_a_taken_email_is_refused_next_to_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _secretariat_signed_in(db_session, auth)
    make_user(email="taken@example.cn")
    db_session.commit()
    response = _add_user(
        client, name="重复", email="TAKEN@example.cn", organisation_id=str(organisation.id)
    )
    assert "已有账号" in response.get_data(as_text=True)
    assert len(db_session.scalars(select(User).where(User.email == "taken@example.cn")).all()) == 1


def test_a_malformed_email_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = _secretariat_signed_in(db_session, auth)
    response = _add_user(
        client, name="王工", email="wang.example.cn", organisation_id=str(organisation.id)
    )
    assert "电子邮箱格式不正确" in response.get_data(as_text=True)


def test_list_searches_by_name_email_and_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    assert "member@example.cn" in client.get("/admin/users?q=填报").get_data(as_text=True)
    by_org = client.get("/admin/users?q=乙化工").get_data(as_text=True)
    assert "other@example.cn" in by_org
    assert "member@example.cn" not in by_org
    cast.member.is_active = False
    db_session.commit()
    inactive = client.get("/admin/users?status=inactive").get_data(as_text=True)
    assert "member@example.cn" in inactive
    assert "admin@example.cn" not in inactive


def test_secretariat_deactivates_and_reactivates_but_not_itself(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    assert (
        client.post(f"/admin/users/{cast.member.id}/deactivate", data=CONFIRMED).status_code == 302
    )
    db_session.refresh(cast.member)
    assert not cast.member.is_active
    client.post(f"/admin/users/{cast.member.id}/reactivate")
    db_session.refresh(cast.member)
    assert cast.member.is_active
    client.post(f"/admin/users/{cast.secretariat.id}/deactivate", data=CONFIRMED)
    db_session.refresh(cast.secretariat)
    assert cast.secretariat.is_active
    actions = [
        e.action
        for e in db_session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "user").order_by(AuditEntry.id)
        )
    ]
    assert actions[-2:] == ["deactivate", "reactivate"]


def test_a_deactivated_user_cannot_log_in(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(f"/admin/users/{cast.member.id}/deactivate", data=CONFIRMED)
    auth.logout()
    response = client.post(
        "/login", data={"email": "member@example.cn", "password": "correct horse battery"}
    )
    assert response.status_code == 200


def test_a_deactivated_account_is_offered_no_invitation_link_that_would_not_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    pending = make_user(cast.organisation, email="pending@example.cn", password=None)
    pending.is_active = False
    cast.member.is_active = False
    db_session.commit()
    auth.login("sec@example.cn")
    listing = client.get("/admin/users", query_string={"q": "member@example.cn"})
    assert f"/admin/users/{cast.member.id}/invite" not in listing.get_data(as_text=True)
    response = client.post(f"/admin/users/{cast.member.id}/invite", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert INVITE_LINK.search(text) is None
    assert "member@example.cn 的账号已停用，邀请链接无法使用" in text
    auth.logout()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    assert f"{base}/{pending.id}/invite" not in client.get(base).get_data(as_text=True)
    response = client.post(f"{base}/{pending.id}/invite", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert INVITE_LINK.search(text) is None
    assert "pending@example.cn 的账号已停用" in text
    assert not db_session.scalars(select(AuditEntry).where(AuditEntry.action == "invite")).all()


def test_org_admin_adds_a_colleague_and_gets_the_link_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    url = f"/organisations/{cast.organisation.id}/users"
    response = client.post(url, data={"name": "赵工", "email": "zhao@example.cn", "role": "member"})
    assert INVITE_LINK.search(response.get_data(as_text=True)) is not None
    user = _user(db_session, "zhao@example.cn")
    assert not user.is_secretariat
    assert [m.organisation_id for m in user.memberships] == [cast.organisation.id]
    listing = client.get(url).get_data(as_text=True)
    assert "zhao@example.cn" in listing
    assert "/invite/" not in listing


def test_org_admin_cannot_grant_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    client.post(
        f"/organisations/{cast.organisation.id}/users",
        data={"name": "赵工", "email": "zhao@example.cn", "role": "admin", "is_secretariat": "y"},
    )
    assert not _user(db_session, "zhao@example.cn").is_secretariat


def test_org_admin_changes_roles_but_not_their_own(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    client.post(f"{base}/{cast.member.id}/role", data={"role": "admin"})
    client.post(f"{base}/{cast.admin.id}/role", data={"role": "member"})
    roles = {
        m.user_id: m.role
        for m in db_session.scalars(
            select(Membership).where(Membership.organisation_id == cast.organisation.id)
        )
    }
    assert roles == {cast.member.id: OrgRole.ADMIN, cast.admin.id: OrgRole.ADMIN}
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "member.role")).one()
    assert (entry.before, entry.after) == ('"member"', '"admin"')


def test_org_admin_deactivates_a_colleague(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    assert client.post(f"{base}/{cast.member.id}/deactivate", data=CONFIRMED).status_code == 302
    db_session.refresh(cast.member)
    assert not cast.member.is_active


def test_org_admin_cannot_deactivate_someone_who_also_works_elsewhere(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    shared = make_user(cast.organisation, email="shared@example.cn")
    from rcapp.accounts.services import add_membership

    add_membership(shared, cast.other_org.id)
    db_session.commit()
    auth.login("admin@example.cn")
    url = f"/organisations/{cast.organisation.id}/users/{shared.id}/deactivate"
    assert client.get(url).status_code == 403  # not even asked
    assert client.post(url, data=CONFIRMED).status_code == 403
    db_session.refresh(shared)
    assert shared.is_active


def test_users_of_another_organisation_are_not_reachable(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    # The other organisation's admin, through my organisation's URL: not a member here.
    url = f"/organisations/{cast.organisation.id}/users/{cast.other_admin.id}/deactivate"
    assert client.post(url).status_code == 404
    db_session.refresh(cast.other_admin)
    assert cast.other_admin.is_active


def test_adding_a_colleague_twice_says_they_were_just_added_and_how_to_get_a_link(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # A double click on "add": the browser shows the second answer, not the invitation link.
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    url = f"/organisations/{cast.organisation.id}/users"
    data = {"name": "赵工", "email": "zhao@example.cn", "role": "member"}
    assert INVITE_LINK.search(client.post(url, data=data).get_data(as_text=True)) is not None
    page = client.post(url, data=data).get_data(as_text=True)
    assert "zhao@example.cn 已是本单位成员（例如刚刚添加），尚未设置密码" in page
    assert "生成新的邀请链接" in page
    assert "请联系秘书处" not in page
    client.get("/lang/en")
    page = client.post(url, data=data).get_data(as_text=True)
    assert "zhao@example.cn is already a member of this organisation" in page
