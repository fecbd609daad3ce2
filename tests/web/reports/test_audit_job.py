"""The audit log's Excel export runs as a report job: started by POST with the page's filters,
run by the queue, fetched only by who may read the audit log and see the job."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.accounts.views.audit import AuditFilterForm, search
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.reports import audit_export, data_lists, jobs, tasks
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.audit_export import export_bytes
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user, make_world

MANY = 2_500  # more than two chunks of entries (data_lists.CHUNK)
TITLES = {"zh_CN": "审计日志（Excel）", "en": "Audit log (Excel)"}


def _many_entries(db_session: Session, count: int = MANY) -> User:
    """Entries by two people, alternating: a password change by one, a deactivation by the other."""
    sec = make_secretariat(email="sec@example.cn", name="审计员")
    other = make_user(email="other@example.cn", name="另一人")
    db_session.add_all(
        AuditEntry(
            actor_id=sec.id if n % 2 == 0 else other.id,
            entity="user",
            entity_id=other.id,
            action="password.change" if n % 2 == 0 else "deactivate",
            reason=f"第 {n} 条",
        )
        for n in range(count)
    )
    db_session.commit()
    return sec


def _job(db_session: Session, location: str) -> ReportJob:
    job = db_session.get(ReportJob, int(location.rsplit("/", 1)[1]))
    assert job is not None
    db_session.refresh(job)
    return job


def _rows(book_data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(BytesIO(book_data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("lang", "action", "filter_line"),
    [
        ("zh_CN", "修改密码", "筛选条件：操作人（姓名或电子邮箱）: sec@; 操作: 修改密码"),
        (
            "en",
            "Change password",
            "Filters: Performed by (name or email): sec@; Action: Change password",
        ),
    ],
)
def test_the_job_writes_the_filtered_log_newest_first_in_the_users_language(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    action: str,
    filter_line: str,
) -> None:
    _many_entries(db_session)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    started = client.post(
        "/reports/audit/jobs", data={"actor": "sec@", "action": "password.change"}
    )
    assert started.status_code == 302
    job = _job(db_session, started.headers["Location"])
    assert (job.kind, job.status, job.progress, job.cycle_id) == (
        JobKind.AUDIT_LOG,
        JobStatus.DONE,
        100,
        None,
    )
    assert job.lang == ("en" if lang == "en" else "zh")
    assert audit_export.kept_filters(job) == {"actor": "sec@", "action": "password.change"}
    download = client.get(f"/reports/jobs/{job.id}/download")
    try:
        assert download.status_code == 200
        suffix = "-en" if lang == "en" else ""
        assert re.search(rf"audit-\d{{8}}{suffix}\.xlsx", download.headers["Content-Disposition"])
        rows = _rows(download.get_data())
    finally:
        download.close()
    assert rows[0] == (filter_line, *[None] * 8)  # the filters, stated at the top as before
    body = rows[2:]
    assert len(body) == MANY // 2  # only the one person's password changes
    assert {row[4] for row in body} == {action}
    reasons = [int(str(row[8]).split()[1]) for row in body]
    assert reasons == sorted(reasons, reverse=True)  # newest first, across the chunks


def test_the_file_lists_the_log_as_it_stood_when_asked(app: Flask, db_session: Session) -> None:
    sec = _many_entries(db_session, 10)
    with app.test_request_context():
        job = audit_export.request_export(sec, {"action": "password.change"}, "zh")
        db_session.commit()
        record(sec, "user", sec.id, "password.change", reason="后来的")  # after asking
        db_session.commit()
        tasks.run_report_job(job.id)  # what the worker does
    db_session.refresh(job)
    assert job.status is JobStatus.DONE
    path = jobs.result_path(job)
    assert path is not None
    reasons = [row[8] for row in _rows(path.read_bytes())[2:]]
    assert len(reasons) == 5
    assert "后来的" not in reasons


def test_rows_are_read_a_chunk_at_a_time_with_the_same_cells(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_entries(db_session, 250)
    with app.test_request_context():
        whole = list(data_lists.audit_sheet(search(AuditFilterForm())).rows)
        monkeypatch.setattr(data_lists, "CHUNK", 100)
        calls: list[tuple[int, int]] = []
        sizes: list[int] = []

        def progress(done: int, total: int) -> None:
            calls.append((done, total))

        rows: Iterator[object] = iter(
            data_lists.audit_sheet(search(AuditFilterForm()), progress=progress).rows
        )
        chunked = []
        for row in rows:
            chunked.append(row)
            sizes.append(len(calls))
    assert chunked == whole
    assert calls == [(100, 250), (200, 250), (250, 250)]
    assert sizes[99] == 0  # the first hundred rows are written before the next chunk is read


def test_a_company_user_may_neither_start_nor_see_an_audit_export(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    assert client.post("/reports/audit/jobs", data={}).status_code == 403
    assert client.get("/reports/audit.xlsx").status_code == 403
    assert db_session.scalar(select(func.count()).select_from(ReportJob)) == 0


def test_only_who_may_read_the_audit_log_sees_the_job_and_its_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    _many_entries(db_session, 4)
    auth.login("sec@example.cn")
    job = _job(db_session, client.post("/reports/audit/jobs").headers["Location"])
    auth.logout()
    auth.login(world.user_a.email)  # a company user
    assert client.get(f"/reports/jobs/{job.id}").status_code == 403
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 403
    auth.logout()
    requester = db_session.scalars(select(User).where(User.email == "sec@example.cn")).one()
    requester.is_secretariat = False  # no longer allowed to read the audit log
    db_session.commit()
    auth.login("sec@example.cn")
    assert client.get(f"/reports/jobs/{job.id}").status_code == 403
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 403
    assert f"/reports/jobs/{job.id}" not in client.get("/reports/jobs").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_job_page_names_the_export_its_filters_and_offers_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _many_entries(db_session, 4)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    job = _job(
        db_session, client.post("/reports/audit/jobs", data={"entity": "user"}).headers["Location"]
    )
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert TITLES[lang] in page
    assert ("对象类型: 用户" if lang == "zh_CN" else "Record type: User") in page
    assert f"/reports/jobs/{job.id}/download" in page
    assert "/audit/?entity=user" in page  # back to the log, filtered as it was
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert f"{TITLES[lang]} #{job.id}" in listing


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", ["导出审计日志", "生成 Excel（按当前筛选）"]),
        ("en", ["Export the audit log", "Produce Excel (current filters)"]),
    ],
)
def test_the_old_download_address_offers_a_button_and_starts_nothing(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    _many_entries(db_session, 4)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    response = client.get("/reports/audit.xlsx?action=password.change&page=3&junk=1")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for word in words:
        assert word in page
    assert 'action="/reports/audit/jobs"' in page
    assert 'method="post"' in page
    assert '<input type="hidden" name="action" value="password.change">' in page
    assert 'name="page"' not in page
    assert 'name="junk"' not in page
    assert db_session.scalar(select(func.count()).select_from(ReportJob)) == 0


def test_the_audit_page_posts_its_filters_with_a_csrf_token(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _many_entries(db_session, 4)
    auth.login("sec@example.cn")
    page = client.get("/audit/?entity=user&action=deactivate&page=1").get_data(as_text=True)
    form = page.split('id="audit-export"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="entity" value="user">' in form
    assert '<input type="hidden" name="action" value="deactivate">' in form
    assert 'name="page"' not in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/reports/audit/jobs", data={"entity": "user"})
        assert refused.status_code == 400
        assert db_session.scalar(select(func.count()).select_from(ReportJob)) == 0
        started = client.post(
            "/reports/audit/jobs", data={"csrf_token": token[1], "entity": "user"}
        )
        assert started.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "下载最近一次相同筛选条件的导出"), ("en", "Download the latest export")],
)
def test_the_old_address_offers_the_latest_workbook_of_the_same_filters(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    _many_entries(db_session, 4)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    export_bytes(client, "action=password.change")
    [job] = db_session.scalars(select(ReportJob)).all()
    page = client.get("/reports/audit.xlsx?action=password.change").get_data(as_text=True)
    assert words in page
    assert f'href="/reports/jobs/{job.id}/download"' in page
    other = client.get("/reports/audit.xlsx?action=login").get_data(as_text=True)
    assert "/download" not in other  # another filter: no workbook of it yet
