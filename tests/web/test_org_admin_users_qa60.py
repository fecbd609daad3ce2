"""A company's admin managing its users (qa60): addresses, unused accounts, history, the list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts import services
from rcapp.accounts.models import Invitation, Membership, OrgRole, User
from rcapp.audit.models import AuditEntry
from rcapp.db import utcnow
from rcapp.mail.models import MessageStatus, OutboxMessage
from tests.conftest import AuthActions
from tests.factories import Cast, make_cast, make_user

INVITE_LINK = re.compile(r'id="invitation-url"[^>]*>http://localhost(/invite/[A-Za-z0-9_\-]+)<')
COMMA = "liu.yang@linhai-chlor,example.cn"


@pytest.fixture
def cast(db_session: Session, auth: AuthActions) -> Cast:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    return cast


def _users_url(cast: Cast) -> str:
    return f"/organisations/{cast.organisation.id}/users"


def _add(client: FlaskClient, cast: Cast, email: str, name: str = "刘洋") -> str:
    data = {"name": name, "email": email, "role": "member", "language": "zh_CN"}
    return client.post(_users_url(cast), data=data).get_data(as_text=True)


def _user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email)).one_or_none()


# --- 1: one parser; a failed invitation on the row ------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_address_with_a_comma_is_refused_by_the_add_form(
    client: FlaskClient, db_session: Session, cast: Cast, lang: str
) -> None:
    if lang == "en":
        client.get("/lang/en")
    page = _add(client, cast, COMMA)
    expected = "电子邮箱格式不正确" if lang == "zh" else "for example: zhang@example.cn"
    assert expected in page
    assert COMMA in page  # typed input kept
    assert INVITE_LINK.search(page) is None
    assert _user(db_session, COMMA) is None


def test_the_join_form_and_the_service_refuse_it_too(
    client: FlaskClient, db_session: Session, cast: Cast, auth: AuthActions
) -> None:
    auth.logout()
    auth.login("sec@example.cn")
    page = client.post(
        f"/organisations/{cast.organisation.id}/users/join",
        data={"join-email": COMMA, "join-role": "member"},
    ).get_data(as_text=True)
    assert "电子邮箱格式不正确" in page
    with pytest.raises(services.InvalidEmail):
        services.create_account(COMMA, "刘洋", None, organisation_id=cast.organisation.id)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failed_invitation_is_said_on_the_persons_row(
    client: FlaskClient, db_session: Session, cast: Cast, lang: str
) -> None:
    invitee = make_user(cast.organisation, email="liu@example.con", name="刘洋", password=None)
    db_session.add(
        OutboxMessage(kind="invitation", to_address=invitee.email, to_name="刘洋", lang="zh_CN",
                      subject="邀请", body="…", status=MessageStatus.FAILED, attempts=1,
                      last_error="recipient|smtp.example.cn:25")
    )  # fmt: skip
    db_session.commit()
    if lang == "en":
        client.get("/lang/en")
    page = client.get(_users_url(cast)).get_data(as_text=True)
    if lang == "zh":
        assert "邀请邮件未能发出：邮件服务器 smtp.example.cn:25 拒收这个收件人地址。" in page
        assert "如有误，点“改正电子邮箱”" in page
    else:
        assert "The invitation e-mail could not be sent:" in page
        assert "Correct e-mail address" in page


def test_a_newer_invitation_queued_since_hides_the_failure(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    invitee = make_user(cast.organisation, email="liu@example.con", name="刘洋", password=None)
    for status in (MessageStatus.FAILED, MessageStatus.PENDING):
        db_session.add(
            OutboxMessage(kind="invitation", to_address=invitee.email, to_name="刘洋",
                          lang="zh_CN", subject="邀请", body="…", status=status,
                          last_error="recipient|smtp.example.cn:25")
        )  # fmt: skip
    db_session.commit()
    assert "邀请邮件未能发出" not in client.get(_users_url(cast)).get_data(as_text=True)


# --- 2: correct or delete an account nobody has used ----------------------------------------


def _invited(client: FlaskClient, db_session: Session, cast: Cast, email: str) -> tuple[User, str]:
    match = INVITE_LINK.search(_add(client, cast, email))
    assert match is not None
    user = _user(db_session, email)
    assert user is not None
    return user, match.group(1)


def test_the_admin_corrects_an_unused_accounts_address_and_the_old_link_stops(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    user, old_link = _invited(client, db_session, cast, "liu.yang@linhai-chlor.example.con")
    url = f"{_users_url(cast)}/{user.id}/email"
    form_page = client.get(url).get_data(as_text=True)
    assert "改正刘洋的电子邮箱" in form_page
    # qa69 #5: the lead said "现存：…", a word for stored data, not for someone's address.
    assert "现在的电子邮箱：liu.yang@linhai-chlor.example.con" in form_page
    refused = client.post(url, data={"email": COMMA}).get_data(as_text=True)
    assert "电子邮箱格式不正确" in refused
    assert COMMA in refused
    page = client.post(url, data={"email": "liu.yang@linhai-chlor.example.cn"})
    new_link = INVITE_LINK.search(page.get_data(as_text=True))
    assert new_link is not None
    db_session.expire_all()
    assert db_session.get(User, user.id).email == "liu.yang@linhai-chlor.example.cn"  # type: ignore[union-attr]
    assert "已使用或已过期" in client.get(old_link).get_data(as_text=True)
    assert client.get(new_link.group(1)).status_code == 200
    mailed = db_session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.kind == "invitation")
    ).all()
    assert "liu.yang@linhai-chlor.example.cn" in mailed
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "email.correct")).one()
    assert (entry.entity, entry.entity_id, entry.actor_id) == ("user", user.id, cast.admin.id)
    assert "example.con" in (entry.before or "")
    assert "example.cn" in (entry.after or "")


def test_an_address_already_in_use_is_refused_neutrally(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    user, _link = _invited(client, db_session, cast, "liu@example.con")
    page = client.post(f"{_users_url(cast)}/{user.id}/email", data={"email": "other@example.cn"})
    text = page.get_data(as_text=True)
    assert "如对方已在其他单位有账号，须由秘书处办理" in text
    assert "乙管理员" not in text
    assert "乙化工" not in text


def test_the_admin_deletes_an_unused_account_after_confirming(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    user, link = _invited(client, db_session, cast, "liu@example.con")
    user_id = user.id
    url = f"{_users_url(cast)}/{user_id}/delete"
    assert "确认删除刘洋（liu@example.con）的账号？" in client.post(url).get_data(as_text=True)
    assert _user(db_session, "liu@example.con") is not None  # a bare POST only asks
    response = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert "已删除刘洋（liu@example.con）的账号" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(User, user_id) is None
    assert client.get(link).status_code in (404, 410, 200)
    assert "刘洋" not in client.get(link).get_data(as_text=True)
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "member.delete_unused")
    ).one()
    assert entry.entity_id == cast.organisation.id
    assert "liu@example.con" in (entry.before or "")


@pytest.mark.parametrize("action", ["email", "delete"])
def test_an_account_that_was_used_keeps_todays_rules(
    client: FlaskClient, db_session: Session, cast: Cast, action: str
) -> None:
    url = f"{_users_url(cast)}/{cast.member.id}/{action}"
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "已经使用过" in page
    client.post(url, data={"email": "new@example.cn", "confirmed": "1"})
    db_session.expire_all()
    member = db_session.get(User, cast.member.id)
    assert member is not None
    assert member.email == "member@example.cn"
    users_page = client.get(_users_url(cast)).get_data(as_text=True)
    assert f"/users/{cast.member.id}/email" not in users_page


def test_an_account_accepted_meanwhile_is_not_corrected(
    client: FlaskClient, db_session: Session, cast: Cast, auth: AuthActions
) -> None:
    user, link = _invited(client, db_session, cast, "liu@example.con")
    client.post(link, data={"password": "a long new secret", "confirm": "a long new secret"})
    auth.logout()
    auth.login("admin@example.cn")
    page = client.post(
        f"{_users_url(cast)}/{user.id}/email",
        data={"email": "liu@example.cn"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "已经使用过" in page
    db_session.expire_all()
    assert db_session.get(User, user.id).email == "liu@example.con"  # type: ignore[union-attr]


def test_another_organisations_admin_may_not_correct_or_delete(
    client: FlaskClient, db_session: Session, cast: Cast, auth: AuthActions
) -> None:
    user, _link = _invited(client, db_session, cast, "liu@example.con")
    auth.logout()
    auth.login("other@example.cn")
    for action in ("email", "delete"):
        url = f"{_users_url(cast)}/{user.id}/{action}"
        assert client.post(url, data={"email": "x@example.cn", "confirmed": "1"}).status_code == 403


# --- 3: the organisation's own history of user changes --------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_admin_sees_who_changed_a_role_and_why(
    client: FlaskClient, db_session: Session, cast: Cast, lang: str
) -> None:
    client.post(
        f"{_users_url(cast)}/{cast.member.id}/role",
        data={"role": "admin", "shown": "member", "reason": "王磊接任安全环保部负责人"},
    )
    # Another organisation's entries and an attempt to add an account elsewhere stay out.
    _add(client, cast, "other@example.cn", name="张伟")
    services.change_member_role(
        db_session.scalars(
            select(Membership).where(Membership.user_id == cast.other_admin.id)
        ).one(),
        OrgRole.MEMBER,
        cast.secretariat,
        "乙单位的秘密原因",
    )
    db_session.commit()
    if lang == "en":
        client.get("/lang/en")
    users_page = client.get(_users_url(cast)).get_data(as_text=True)
    assert f"{_users_url(cast)}/history" in users_page
    page = client.get(f"{_users_url(cast)}/history").get_data(as_text=True)
    assert "王磊接任安全环保部负责人" in page
    assert "member@example.cn" in page
    assert "乙单位的秘密原因" not in page
    assert "other@example.cn" not in page
    assert ("修改成员角色" if lang == "zh" else "Change member role") in page


def test_the_history_is_the_admins_only(
    client: FlaskClient, db_session: Session, cast: Cast, auth: AuthActions
) -> None:
    auth.logout()
    auth.login("member@example.cn")
    assert client.get(f"{_users_url(cast)}/history").status_code == 403
    auth.logout()
    auth.login("other@example.cn")
    assert client.get(f"{_users_url(cast)}/history").status_code == 403


# --- 4, 5: adding an address elsewhere, inviting a deactivated colleague ---------------------


def test_the_link_page_says_neutrally_what_happens_to_an_account_elsewhere(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    neutral = "如对方已在其他单位有账号，系统不会新建账号"
    elsewhere = _add(client, cast, "other@example.cn", name="张伟")
    new = _add(client, cast, "zhang.wei@example.cn", name="张伟")
    assert neutral in elsewhere
    assert neutral in new


def test_inviting_a_deactivated_colleague_again_points_to_reactivate(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    cast.member.is_active = False
    db_session.commit()
    page = _add(client, cast, "member@example.cn", name="填报人")
    assert "账号已停用" in page
    assert "点“启用”" in page


# --- 7-11: dates, the role message, a stopped account's row, names and order ----------------


def test_the_list_shows_invitation_dates_and_last_login(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    _invited(client, db_session, cast, "liu@example.con")
    expired = make_user(cast.organisation, email="old@example.cn", name="老赵", password=None)
    db_session.add(
        Invitation(user_id=expired.id, token_hash="x" * 64,
                   expires_at=utcnow() - dt.timedelta(days=1))
    )  # fmt: skip
    db_session.commit()
    page = client.get(_users_url(cast)).get_data(as_text=True)
    assert "邀请发出：" in page
    assert "有效期至：" in page
    assert "邀请已于" in page
    assert "过期" in page
    assert "最近登录：" in page  # the admin's own login


def test_the_role_message_names_the_old_and_new_role(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    response = client.post(
        f"{_users_url(cast)}/{cast.member.id}/role",
        data={"role": "admin", "shown": "member", "reason": ""},
        follow_redirects=True,
    )
    assert "填报人的角色已由填报人改为管理员。" in response.get_data(as_text=True)


def test_the_english_role_message_names_the_roles_in_small_letters(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    client.get("/lang/en")
    url = f"{_users_url(cast)}/{cast.member.id}/role"
    data = {"role": "admin", "shown": "member", "reason": ""}
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "role was changed from contributor to administrator." in page.replace("&#39;", "'")
    data = {"role": "admin", "shown": "admin", "reason": ""}
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "role is still administrator; nothing was changed." in page


def test_a_deactivated_users_row_has_no_role_form_and_the_server_refuses(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    cast.member.is_active = False
    db_session.commit()
    page = client.get(_users_url(cast)).get_data(as_text=True)
    assert f"/users/{cast.member.id}/role" not in page
    response = client.post(
        f"{_users_url(cast)}/{cast.member.id}/role",
        data={"role": "admin", "shown": "member", "reason": ""},
        follow_redirects=True,
    )
    assert "账号已停用，不能修改角色" in response.get_data(as_text=True)
    db_session.expire_all()
    membership = db_session.scalars(
        select(Membership).where(Membership.user_id == cast.member.id)
    ).one()
    assert membership.role is OrgRole.MEMBER


def test_the_list_is_active_first_then_by_name_and_names_do_not_wrap(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    stopped = make_user(cast.organisation, email="a@example.cn", name="阿强")
    stopped.is_active = False
    db_session.commit()
    page = client.get(_users_url(cast)).get_data(as_text=True)
    order = [
        page.index(email) for email in ("admin@example.cn", "member@example.cn", "a@example.cn")
    ]
    assert order == sorted(order)  # 管理员, 填报人 (active, by name), then the stopped 阿强
    assert '<td class="nowrap">管理员</td>' in page


def test_english_users_page_reads_names_with_pinyin(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    """qa62 #4: the Name column and the role labels showed "王磊" bare on the English page."""
    make_user(cast.organisation, email="wang.lei@example.cn", name="王磊")
    db_session.commit()
    client.get("/lang/en")
    page = client.get(f"/organisations/{cast.organisation.id}/users").get_data(as_text=True)
    named = r'<td class="nowrap"><span lang="zh-CN"[^>]*>王磊</span> \(Wang Lei\)</td>'
    assert re.search(named, page)
    assert re.search(r"Role of <span[^>]*>王磊</span> \(Wang Lei\)", page)
    client.get("/lang/zh")
    chinese = client.get(f"/organisations/{cast.organisation.id}/users").get_data(as_text=True)
    assert "(Wang Lei)" not in chinese
