"""Organisation import on the task queue: the request holds the file, the worker checks it.

The worker's tasks are held back (recorded instead of run) where a test looks at the
waiting page; otherwise Huey's immediate mode runs them inside the request, as the worker
would after it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.organisations import import_confirm, import_hold, import_job, import_tasks
from rcapp.organisations.forms import ImportConfirmForm, ImportFileForm
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.import_columns import label
from rcapp.organisations.models import Organisation
from rcapp.organisations.views.imports import _kind_label
from tests.conftest import AuthActions
from tests.factories import credit_code, make_organisation, make_user
from tests.org_import_files import company, filled, one_company
from tests.org_import_web import age as _age
from tests.org_import_web import answer as _answer
from tests.org_import_web import confirmed as _confirmed
from tests.org_import_web import files as _files
from tests.org_import_web import fingerprint as _fingerprint
from tests.org_import_web import hold_back as _hold_back
from tests.org_import_web import queued as _queued
from tests.org_import_web import secretariat as _secretariat
from tests.org_import_web import token as _token
from tests.org_import_web import upload as _upload

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def _refuse_checking_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_data: bytes) -> None:
        raise AssertionError("the file was checked in the request")

    monkeypatch.setattr(import_tasks, "plan_file", refuse)


@pytest.mark.parametrize(
    ("lang", "waiting", "preview"),
    [
        ("zh", "正在排队等待后台任务程序检查", "将新增 1 个单位"),  # queued, not "checking"
        (
            "en",
            "waiting in the queue for the background worker to check it",
            "1 organisations will be added",
        ),
    ],
)
def test_the_upload_only_holds_the_file_and_the_worker_checks_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    waiting: str,
    preview: str,
) -> None:
    user_id = _secretariat(db_session, auth, lang=lang)
    held, check = _hold_back(monkeypatch, "check_import")
    _refuse_checking_here(monkeypatch)
    response = _upload(client, one_company("排队化工"))
    assert response.status_code == 302
    token = _token(response.location)
    assert held == [(user_id, token)]  # handed to the worker, not checked here
    assert f"{user_id}-{token}.xlsx" in _files(app)
    page = client.get(f"/organisations/import/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert waiting in text
    assert 'data-poll="1"' in text
    assert "名单.xlsx" in text
    assert "js/import-wait.js" in text
    state = client.get(f"/organisations/import/{token}/state")
    assert state.get_json() == {"waiting": True, "stalled": False, "started": False}
    monkeypatch.setattr(import_tasks, "plan_file", plan_file)
    check(user_id, token)  # the worker's turn
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is False
    page = client.get(f"/organisations/import/{token}")
    assert page.status_code == 200
    assert preview in page.get_data(as_text=True)
    assert f'action="/organisations/import/{token}"' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "applying", "done"),
    [
        ("zh", "已确认，正在排队等待后台任务程序写入", "已写入：新增 1，更新 0（"),
        ("en", "is confirmed and waiting in the queue", "Written: 1 added, 0 updated ("),
    ],
)
def test_the_confirmation_writes_on_the_worker_all_or_nothing(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    applying: str,
    done: str,
) -> None:
    user_id = _secretariat(db_session, auth, lang=lang)
    before = _count(db_session)
    token, held, apply, confirm, page = _confirmed(client, monkeypatch, "写入化工")
    assert confirm.status_code == 302
    assert confirm.location.endswith(f"/organisations/import/{token}")
    assert held == [(user_id, token)]
    assert _count(db_session) == before  # the request wrote nothing
    waiting = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert applying in waiting
    again = _answer(client, token, "apply", page)
    assert again.status_code == 302
    assert len(held) == 1  # a second click queues nothing more
    apply(user_id, token)
    apply(user_id, token)  # queued twice by another worker: the state says it is done
    assert _count(db_session) == before + 1
    listing = client.get(f"/organisations/import/{token}", follow_redirects=True)
    assert done in listing.get_data(as_text=True)
    assert f"{user_id}-{token}.xlsx" not in _files(app)  # the upload goes; the state stays


def test_a_second_upload_replaces_one_still_being_checked(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user_id = _secretariat(db_session, auth)
    first, held, check = _queued(client, monkeypatch, "甲化工")
    listing = client.get("/organisations/import").get_data(as_text=True)
    assert "正在后台处理" in listing  # the upload page says one is under way, and links it
    assert "查看进度" in listing
    assert f"/organisations/import/{first}" in listing
    second = _token(_upload(client, one_company("乙化工")).location)
    assert held == [(user_id, first), (user_id, second)]
    assert f"{user_id}-{first}.xlsx" not in _files(app)
    check(user_id, first)  # the worker reaches the older job: it stops
    check(user_id, second)
    old = client.get(f"/organisations/import/{first}", follow_redirects=True)
    assert "已被较新的上传替换" in old.get_data(as_text=True)
    assert [name for name in _files(app) if first in name] == [f"{user_id}-{first}.json"]
    new = client.get(f"/organisations/import/{second}").get_data(as_text=True)
    assert "乙化工" in new
    assert "甲化工" not in new


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [("zh", "上一个文件正在导入"), ("en", "Your previous file is being imported")],
)
def test_no_upload_while_one_is_being_written(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    refusal: str,
) -> None:
    _secretariat(db_session, auth, lang=lang)
    _confirmed(client, monkeypatch, "丙化工")
    refused = _upload(client, one_company("丁化工"))
    assert refused.status_code == 409
    assert refusal in refused.get_data(as_text=True)
    form = client.get("/organisations/import").get_data(as_text=True)  # QA43 S5
    assert 'type="file"' not in form  # no file to choose, only to be refused after sending
    blocked = "这个文件导入完成后，才能上传下一个文件。" if lang == "zh" else "Once this file is"
    assert blocked in form


def test_files_go_when_nothing_is_to_confirm_when_cancelled_and_when_stale(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    user_id = _secretariat(db_session, auth)
    bad = _upload(client, filled([company(name_zh="", credit_code="123")]))
    token = _token(bad.location)
    assert f"{user_id}-{token}.xlsx" not in _files(app)  # checked: the problems are all it keeps
    page = client.get(bad.location)
    assert page.status_code == 400
    assert "第 2 行“中文名称”：请填写中文名称。" in page.get_data(as_text=True)
    assert "import-current" not in client.get("/organisations/import").get_data(as_text=True)
    good = _upload(client, one_company("戊化工"))
    token = _token(good.location)
    fingerprint = _fingerprint(client.get(good.location).get_data(as_text=True))
    client.post(
        f"/organisations/import/{token}", data={"action": "cancel", "fingerprint": fingerprint}
    )
    assert [name for name in _files(app) if token in name] == [f"{user_id}-{token}.json"]
    left = _upload(client, one_company("己化工"))
    left_token = _token(left.location)
    directory = Path(app.config["UPLOAD_DIR"]) / "organisation-imports"
    a_day_ago = time.time() - import_hold.KEEP_FOR_SECONDS - 60
    for path in directory.iterdir():
        os.utime(path, (a_day_ago, a_day_ago))
    with app.app_context():
        assert import_hold.sweep() >= 2
    assert not [name for name in _files(app) if left_token in name]


def test_a_job_whose_worker_died_says_so_and_leaves_nothing(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user_id = _secretariat(db_session, auth)
    token, _held, _check = _queued(client, monkeypatch, "庚化工")
    with app.test_request_context():
        job = import_job.load(user_id, token)
        assert job is not None
        job.moved_at = time.time() - import_job.LOST_AFTER_SECONDS - 1
        job.started_at = job.moved_at  # a worker took it, then stopped moving
        import_hold.write_state(user_id, token, {**job.__dict__, "preview": None})
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is False
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    assert "文件检查被中断" in page.get_data(as_text=True)
    assert not [name for name in _files(app) if token in name]


def test_only_the_uploader_in_the_secretariat_reaches_a_job(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _secretariat(db_session, auth)
    token, _held, _check = _queued(client, monkeypatch, "辛化工")
    auth.logout()
    _secretariat(db_session, auth, "sec-other@example.cn")  # another secretariat user
    other = client.get(f"/organisations/import/{token}")
    assert other.status_code == 302  # not theirs: ended or expired, as far as they can tell
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is False
    auth.logout()
    member = make_user(make_organisation(), email="member-q@example.cn")
    db_session.commit()
    assert member.id
    auth.login("member-q@example.cn")
    assert client.get(f"/organisations/import/{token}").status_code == 403
    assert client.get(f"/organisations/import/{token}/state").status_code == 403
    assert (
        client.post(f"/organisations/import/{token}", data={"action": "apply"}).status_code == 403
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kept_preview_renders_as_the_plan_itself_did(
    app: Flask, db_session: Session, lang: str
) -> None:
    """What the worker keeps is all the page needs: the same page as from the checked plan."""
    existing = make_organisation(name_zh="旧名化工有限公司", name_en="Old Name Chemicals")
    db_session.commit()
    rows = [
        company(name_zh="新登化工有限公司", credit_code=credit_code(), name_en="New Chem"),
        {"credit_code": existing.credit_code, "commitment_status": "暂停", "city": "无锡市"},
    ]
    data = filled(rows)
    with app.test_request_context(headers={"Cookie": f"lang={lang}"}):

        def page(plan: Any, fingerprint: str) -> str:
            confirm = ImportConfirmForm()
            confirm.fingerprint.data = fingerprint
            return render_template(
                "organisations/import.html",
                form=ImportFileForm(formdata=None),
                plan=plan,
                token="0" * 32,
                confirm=confirm,
                column_label=label,
                kind_label=_kind_label,
                max_rows=3000,
                max_mb=5,
                problems=[],
                current=None,
            )

        with force_locale("en" if lang == "en" else "zh_CN"):
            plan = plan_file(data)
            assert plan.ok
            assert plan.creates
            assert plan.updates
            job = import_job.Job("a" * 32, import_job.CHECKED, preview=import_job.preview_of(plan))
            import_job.save(1, job)
            kept = import_job.load(1, "a" * 32)
            assert kept is not None
            assert kept.preview is not None
            assert kept.preview.fingerprint == plan.fingerprint()
            assert page(kept.preview, kept.preview.fingerprint) == page(plan, plan.fingerprint())
            assert "无锡市" in page(plan, "")
            assert "New Chem" in page(plan, "")


def test_a_check_that_ends_after_a_newer_upload_leaves_that_job_replaced(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user_id = _secretariat(db_session, auth)
    first, _held, check = _queued(client, monkeypatch, "壬化工")

    def newer_upload_meanwhile(data: bytes) -> Any:
        import_job.start(user_id, b"PK newer", "zh", "newer.xlsx")  # while this one is checked
        return plan_file(data)

    with app.app_context():
        data = import_hold.held(user_id, first)
        monkeypatch.setattr(import_hold, "held", lambda *_args: data)  # read before the newer
        monkeypatch.setattr(import_tasks, "plan_file", newer_upload_meanwhile)
        check(user_id, first)
        job = import_job.load(user_id, first)
    assert job is not None
    assert job.state == import_job.REPLACED


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "导入时单位名册已被他人修改，没有写入任何内容。"),
        ("en", "changed by someone else during the import"),
    ],
)
def test_a_credit_code_registered_during_the_write_fails_the_job_whole(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    message: str,
) -> None:
    """Past the register's digest (PostgreSQL holds no lock): the unique constraint refuses."""
    _secretariat(db_session, auth, lang=lang)
    taken = credit_code()
    rows = [company(name_zh="未写入化工", credit_code=credit_code()),
            company(name_zh="撞码化工", credit_code=taken)]  # fmt: skip
    response = _upload(client, filled(rows))
    token = _token(response.location)
    page = client.get(response.location).get_data(as_text=True)
    before = _count(db_session)

    def colleague_registers_meanwhile(data: bytes) -> Any:
        plan = plan_file(data)
        values = {"kind": "company", "name_zh": "同事化工", "credit_code": taken,
                  "province": "江苏省", "city": "南京市"}  # fmt: skip
        db.session().connection().execute(insert(Organisation).values(values))
        return plan

    monkeypatch.setattr(import_confirm, "plan_file", colleague_registers_meanwhile)
    monkeypatch.setattr(import_confirm, "register_state", lambda: "unchanged")
    _answer(client, token, "apply", page)
    shown = client.get(f"/organisations/import/{token}", follow_redirects=True)
    assert message in shown.get_data(as_text=True)
    assert _count(db_session) == before + 1  # the colleague's only


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "这个任务已排队 3 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行"),
        ("en", "queued for 3 minutes and has not started"),
    ],
)
def test_a_check_no_worker_takes_says_the_worker_may_not_be_running(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    """QA35 D4: "正在检查文件…" showed for as long as the worker was down."""
    user_id = _secretariat(db_session, auth, lang=lang)
    token, held, check = _queued(client, monkeypatch, "候队化工")
    page = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in page  # just queued: all is well
    _age(app, user_id, token, 3 * 60 + 5)
    assert client.get(f"/organisations/import/{token}/state").get_json() == {
        "waiting": True,
        "stalled": True,
        "started": False,
    }
    page = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    assert words in page
    check(*held[0])  # the worker runs again: the preview comes
    page = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert f'action="/organisations/import/{token}"' in page


def test_a_confirmed_import_waiting_in_the_queue_is_kept_and_written_when_the_worker_returns(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """QA35 D4: after 15 minutes in the queue the confirmed import was thrown away."""
    user_id = _secretariat(db_session, auth)
    before = _count(db_session)
    token, held, apply, _confirmation, _preview = _confirmed(client, monkeypatch, "归来化工")
    _age(app, user_id, token, import_job.LOST_AFTER_SECONDS + 60)  # the worker is down
    waiting = client.get(f"/organisations/import/{token}")
    assert waiting.status_code == 200  # still waiting, not "interrupted"
    text = waiting.get_data(as_text=True)
    assert "已确认，正在排队等待后台任务程序写入" in text  # queued, not "importing" (QA43 S2)
    assert "后台任务程序（rcapp worker）可能没有运行" in text
    assert "导入被中断" not in text
    apply(*held[0])  # the worker comes back and takes the queued task
    assert _count(db_session) == before + 1
    listing = client.get(f"/organisations/import/{token}", follow_redirects=True)
    assert "已写入：新增 1，更新 0" in listing.get_data(as_text=True)


def test_a_started_step_that_stopped_moving_is_lost_a_queued_one_never() -> None:
    now = time.time()
    job = import_job.Job("t", import_job.APPLYING, moved_at=now - import_job.LOST_AFTER_SECONDS)
    assert not job.is_lost(now)  # queued: the worker takes it when it runs again
    assert job.queued_minutes(now) == import_job.LOST_AFTER_SECONDS // 60
    job.started_at = job.moved_at
    assert job.is_lost(now)
    assert job.queued_minutes(now) is None
    fresh = import_job.Job("u", import_job.CHECKING, moved_at=now - 119)
    assert fresh.queued_minutes(now) is None
