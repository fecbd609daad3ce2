"""Organisation import pages: secretariat only, CSRF, upload → preview → confirm or cancel."""

from __future__ import annotations

import io
import re

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.organisations import import_hold
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import (
    credit_code,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.org_import_files import company, filled

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def _upload(client: FlaskClient, data: bytes, name: str = "名单.xlsx") -> tuple[int, str]:
    """Upload, then follow to the job's page: the worker (immediate mode) has checked the file."""
    response = client.post(
        "/organisations/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return response.status_code, response.get_data(as_text=True)


def _confirm_url(page: str) -> str:
    found = re.search(r'action="(/organisations/import/[0-9a-f]{32})"', page)
    assert found, page
    return found.group(1)


def _fingerprint(page: str) -> str:
    found = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page) or re.search(
        r'id="fingerprint" name="fingerprint" type="hidden" value="([0-9a-f]+)"', page
    )
    assert found, page
    return found.group(1)


def _login_secretariat(db_session: Session, auth: AuthActions) -> None:
    make_secretariat(email="sec-import@example.cn")
    db_session.commit()
    auth.login("sec-import@example.cn")


def test_only_the_secretariat_may_import(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_user(organisation, email="member-import@example.cn")
    db_session.commit()
    auth.login("member-import@example.cn")
    assert client.get("/organisations/import").status_code == 403
    assert client.get("/organisations/import/template.xlsx").status_code == 403
    status, _page = _upload(
        client, filled([company(name_zh="越权化工", credit_code=credit_code())])
    )
    assert status == 403
    assert (
        client.post(f"/organisations/import/{'0' * 32}", data={"action": "apply"}).status_code
        == 403
    )
    assert "批量导入" not in client.get("/organisations/").get_data(as_text=True)


def test_the_list_offers_the_import_and_the_template_downloads(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    assert "/organisations/import" in client.get("/organisations/").get_data(as_text=True)
    page = client.get("/organisations/import").get_data(as_text=True)
    assert "下载单位导入模板" in page
    response = client.get("/organisations/import/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.data.startswith(b"PK")


def test_the_template_lists_a_formula_like_group_name_as_quoted_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    make_working_group(name_zh="@SUM(1+1)组")
    db_session.commit()
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/organisations/import/template.xlsx").data)
    )
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    listed = [c for c in cells if c.value == "@SUM(1+1)组"]
    assert listed
    assert all(c.data_type == "s" and c.quotePrefix for c in listed)  # qa55 #8


def test_a_valid_file_is_previewed_then_written_on_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    existing = make_organisation(name_zh="老化工有限公司", city="南京市", province="江苏省")
    db_session.commit()
    before = _count(db_session)
    rows = [
        company(name_zh="预览化工有限公司", credit_code=credit_code()),
        company(name_zh="老化工有限公司", credit_code=existing.credit_code, city="无锡市",
                name_en=existing.name_en or "", sector=existing.sector or ""),
    ]  # fmt: skip
    status, page = _upload(client, filled(rows))
    assert status == 200
    assert "预览化工有限公司" in page
    assert "南京市" in page
    assert "无锡市" in page
    assert "将新增 1 个单位，修改 1 个单位" in page
    assert _count(db_session) == before  # nothing written yet
    url = _confirm_url(page)
    response = client.post(url, data={"action": "apply", "fingerprint": _fingerprint(page)})
    assert response.status_code == 302
    assert response.location.endswith(url)  # the job's page: waiting, then the outcome
    assert _count(db_session) == before + 1
    db_session.refresh(existing)
    assert existing.city == "无锡市"
    listing = client.get(url, follow_redirects=True).get_data(as_text=True)
    assert "已写入：新增 1，更新 1（" in listing
    audit = client.get("/audit/?entity=organisation_import").get_data(as_text=True)
    assert "单位批量导入" in audit
    assert "名单.xlsx" in audit
    again = client.post(url, data={"action": "apply", "fingerprint": _fingerprint(page)})
    assert again.status_code == 302  # the held file is gone: a second click writes nothing
    assert _count(db_session) == before + 1


def test_cancel_writes_nothing(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    _login_secretariat(db_session, auth)
    before = _count(db_session)
    status, page = _upload(client, filled([company(name_zh="取消化工", credit_code=credit_code())]))
    assert status == 200
    response = client.post(_confirm_url(page), data={"action": "cancel", "fingerprint": "x"})
    assert response.status_code == 302
    assert _count(db_session) == before


def test_a_file_with_problems_lists_them_and_offers_no_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    before = _count(db_session)
    rows = [
        company(name_zh="好化工", credit_code=credit_code()),
        company(name_zh="", credit_code="123"),
    ]
    status, page = _upload(client, filled(rows))
    assert status == 400
    assert "没有写入任何内容" in page
    assert "第 3 行“中文名称”：请填写中文名称。" in page
    assert "第 3 行“统一社会信用代码”" in page
    assert "确认导入" not in page
    client.get("/lang/en")
    status, page = _upload(client, filled(rows))
    assert "Row 3, “Chinese name”: Enter the Chinese name." in page
    make_working_group(name_zh="某工作组", name_en="Working group of care")
    db_session.commit()
    bad_group = [company(name_zh="组化工", credit_code=credit_code(), groups="无此组")]
    _status, page = _upload(client, filled(bad_group))
    assert "Row 2, “Working groups”: There is no working group named “无此组”." in page
    assert "Working group of care" in page  # the groups there are, by their English names
    status, page = _upload(client, b"not a workbook", "list.csv")
    assert status == 400
    assert "(.xlsx)" in page
    assert _count(db_session) == before


def test_a_register_changed_since_the_preview_shows_the_new_preview(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    existing = make_organisation(name_zh="变化工有限公司", city="南京市", province="江苏省")
    db_session.commit()
    rows = [company(name_zh="变化工有限公司", credit_code=existing.credit_code, city="无锡市",
                    name_en=existing.name_en or "", sector=existing.sector or "")]  # fmt: skip
    _status, page = _upload(client, filled(rows))
    existing.city = "常州市"  # a colleague's edit after the preview
    db_session.commit()
    response = client.post(
        _confirm_url(page),
        data={"action": "apply", "fingerprint": _fingerprint(page)},
        follow_redirects=True,
    )
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "单位名册已被修改" in text
    assert "常州市" in text
    db_session.refresh(existing)
    assert existing.city == "常州市"


def test_csrf_is_required(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    _login_secretariat(db_session, auth)
    before = _count(db_session)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        status, _page = _upload(
            client, filled([company(name_zh="无令牌", credit_code=credit_code())])
        )
        confirm = client.post(f"/organisations/import/{'a' * 32}", data={"action": "apply"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert status == 400
    assert confirm.status_code in (302, 400)
    assert _count(db_session) == before


def test_switching_language_between_preview_and_confirmation_still_confirms(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _login_secretariat(db_session, auth)
    existing = make_organisation(name_zh="语言化工有限公司")
    db_session.commit()
    rows = [{"credit_code": existing.credit_code, "commitment_status": "暂停"}]
    _status, page = _upload(client, filled(rows))
    assert "暂停" in page
    client.get("/lang/en")  # the preview said 暂停; the confirmation comes from an English page
    response = client.post(
        _confirm_url(page), data={"action": "apply", "fingerprint": _fingerprint(page)}
    )
    assert response.status_code == 302
    db_session.refresh(existing)
    assert existing.commitment_status == "suspended"


def test_the_problems_follow_a_language_switch_and_old_kept_texts_show_as_they_are(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    """Before, the problems stayed in the language of the upload (jobsfix3 item 4)."""
    _login_secretariat(db_session, auth)
    rows = [company(name_zh="", credit_code=credit_code())]
    response = client.post(
        "/organisations/import",
        data={"file": (io.BytesIO(filled(rows)), "名单.xlsx")},
        content_type="multipart/form-data",
    )
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert "第 2 行“中文名称”：请填写中文名称。" in page
    client.get("/lang/en")
    page = client.get(job_url).get_data(as_text=True)
    assert "Row 2, “Chinese name”: Enter the Chinese name." in page
    assert "请填写中文名称" not in page
    client.get("/lang/zh")
    assert "第 2 行“中文名称”：请填写中文名称。" in client.get(job_url).get_data(as_text=True)
    # a preview kept before (its problems' texts only) shows them as they were kept
    user_id = db_session.scalar(select(User.id).where(User.email == "sec-import@example.cn"))
    token = job_url.rsplit("/", 1)[1]
    with app.test_request_context():
        document = import_hold.read_state(int(user_id or 0), token)
        assert document is not None
        document["preview"].pop("translated")
        document["preview"]["problems"] = ["第 2 行：旧的问题文字"]
        import_hold.write_state(int(user_id or 0), token, document)
    client.get("/lang/en")
    assert "第 2 行：旧的问题文字" in client.get(job_url).get_data(as_text=True)
