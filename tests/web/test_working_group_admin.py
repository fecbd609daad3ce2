"""The secretariat sets up working groups: create, edit, delete, the standard nine (QA21 D1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.audit.models import AuditEntry
from rcapp.config import PROJECT_ROOT
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.organisations.standard_groups import STANDARD_GROUPS
from tests.conftest import AuthActions
from tests.factories import (
    make_cast,
    make_group_role,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.web.helpers import error_beside


@pytest.fixture(autouse=True)
def _six_codes(app: Flask) -> Iterator[None]:
    """The project's rubrics: the test rubric has two codes of practice, not six."""
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(PROJECT_ROOT / "rubrics")
    yield
    app.config["RUBRICS_DIR"] = before


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "code": "wg-ps",
        "kind": "code",
        "section_id": "C4",
        "name_zh": "工艺安全工作组",
        "name_en": "Process Safety Working Group",
    }
    data.update(overrides)
    return data


def _groups(session: Session) -> list[WorkingGroup]:
    session.expire_all()
    return list(session.scalars(select(WorkingGroup).order_by(WorkingGroup.code)))


def _secretariat(session: Session, auth: AuthActions) -> None:
    make_secretariat(email="sec@example.cn")
    session.commit()
    auth.login("sec@example.cn")


def test_an_empty_deployment_offers_new_and_standard_groups(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    page = client.get("/working-groups/").get_data(as_text=True)
    assert 'href="/working-groups/new"' in page
    assert "新建这些标准工作组" in page
    assert "高校工作组" in page
    assert "尚未建立工作组。" in page  # not "no group you may see"


def test_the_secretariat_creates_a_code_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    page = client.get("/working-groups/new").get_data(as_text=True)
    assert "C4 工艺安全" in page  # the codes of practice are chosen, not typed
    response = client.post("/working-groups/new", data=_form())
    assert response.status_code == 302
    (group,) = _groups(db_session)
    assert (group.code, group.kind, group.section_id) == ("WG-PS", WorkingGroupKind.CODE, "C4")
    assert response.headers["Location"].endswith(f"/working-groups/{group.id}")
    detail = client.get(f"/working-groups/{group.id}").get_data(as_text=True)
    assert "C4 工艺安全" in detail
    assert f'href="/working-groups/{group.id}/edit"' in detail


def test_bad_input_names_each_field_and_keeps_the_rest(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    make_working_group(code="WG-PS", name_zh="已有的工作组")
    db_session.commit()
    response = client.post(
        "/working-groups/new", data=_form(code="wg-ps", section_id="", name_zh="", name_en="")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已被工作组“已有的工作组”使用" in error_beside(page, "code")
    assert "准则工作组须选择它负责的准则" in error_beside(page, "section_id")
    assert "请填写中文名称" in error_beside(page, "name_zh")
    assert "请填写英文名称" in error_beside(page, "name_en")
    assert 'value="wg-ps"' in page  # nothing typed is lost
    assert len(_groups(db_session)) == 1


def test_other_kinds_own_no_code_of_practice(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    data = _form(code="WG-PK", kind="parks", section_id="C2", name_zh="园区工作组")
    assert client.post("/working-groups/new", data=data).status_code == 302
    (group,) = _groups(db_session)
    assert group.kind is WorkingGroupKind.PARKS
    assert group.section_id is None


def test_the_secretariat_edits_a_group(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    group = make_working_group(code="WG-X", section_id="C1")
    db_session.commit()
    page = client.get(f"/working-groups/{group.id}/edit").get_data(as_text=True)
    assert 'value="WG-X"' in page
    data = _form(code="WG-X", section_id="C3", name_zh="污染防治工作组")
    response = client.post(f"/working-groups/{group.id}/edit", data=data)
    assert response.status_code == 302
    (saved,) = _groups(db_session)
    assert (saved.name_zh, saved.section_id) == ("污染防治工作组", "C3")
    entry = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "working_group", AuditEntry.action == "update"
        )
    ).one()
    assert entry.entity_id == group.id
    audit = client.get("/audit/").get_data(as_text=True)
    assert "负责的准则" in audit


def test_a_group_in_use_is_not_deleted_and_the_page_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get(f"/working-groups/{cast.group.id}/edit").get_data(as_text=True)
    assert "1 个成员单位" in page
    assert "3 个组长、副组长或评审员角色" in page
    response = client.post(f"/working-groups/{cast.group.id}/delete", follow_redirects=True)
    assert "不能删除" in response.get_data(as_text=True)
    assert len(_groups(db_session)) == 1


def test_an_unused_group_is_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    group = make_working_group(code="WG-TYPO")
    db_session.commit()
    page = client.get(f"/working-groups/{group.id}/edit").get_data(as_text=True)
    assert "可以删除" in page
    response = client.post(f"/working-groups/{group.id}/delete", follow_redirects=True)
    assert "已删除工作组" in response.get_data(as_text=True)
    assert _groups(db_session) == []


def test_seeding_the_standard_groups_twice_creates_them_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    make_working_group(code="WG-PS", name_zh="本会工艺安全组", section_id="C4")
    db_session.commit()
    first = client.post("/working-groups/standard", follow_redirects=True)
    assert "已新建 8 个标准工作组" in first.get_data(as_text=True)
    second = client.post("/working-groups/standard", follow_redirects=True)
    assert "没有新建" in second.get_data(as_text=True)
    groups = _groups(db_session)
    assert sorted(g.code for g in groups) == sorted(s.code for s in STANDARD_GROUPS)
    assert next(g for g in groups if g.code == "WG-PS").name_zh == "本会工艺安全组"
    sections = sorted(g.section_id for g in groups if g.section_id)
    assert sections == ["C1", "C2", "C3", "C4", "C5", "C6"]


def test_a_lead_is_assigned_on_a_new_groups_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    member = make_user(make_organisation(), email="lead@example.cn")
    db_session.commit()
    client.post("/working-groups/new", data=_form())
    (group,) = _groups(db_session)
    response = client.post(
        f"/working-groups/{group.id}/roles", data={"email": "lead@example.cn", "role": "lead"}
    )
    assert response.status_code == 302
    page = client.get(f"/working-groups/{group.id}").get_data(as_text=True)
    assert "lead@example.cn" in page
    db_session.refresh(member)
    assert [(r.working_group_id, r.role) for r in member.group_roles] == [
        (group.id, GroupRole.LEAD)
    ]


def test_only_the_secretariat_manages_groups(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    group_id = cast.group.id
    for email in ("lead@example.cn", "admin@example.cn"):
        auth.login(email)
        assert "/working-groups/new" not in client.get("/working-groups/").get_data(as_text=True)
        assert client.get("/working-groups/new").status_code == 403
        assert client.post("/working-groups/new", data=_form(code="WG-Z")).status_code == 403
        assert client.get(f"/working-groups/{group_id}/edit").status_code == 403
        assert client.post(f"/working-groups/{group_id}/delete").status_code == 403
        assert client.post("/working-groups/standard").status_code == 403
        auth.logout()
    assert [g.code for g in _groups(db_session)] == [cast.group.code]


def test_the_forms_need_the_csrf_token(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    group = make_working_group(code="WG-TYPO")
    make_group_role(make_user(), group, GroupRole.REVIEWER)
    db_session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/working-groups/new", data=_form()).status_code == 400
        assert client.post("/working-groups/standard").status_code == 400
        assert client.post(f"/working-groups/{group.id}/delete").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert [g.code for g in _groups(db_session)] == ["WG-TYPO"]
