"""An import whose worker died while it worked: a notice, then given up (QA43 D2).

Before, "Importing…" showed with no notice, and blocked new uploads, for 15 minutes.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.organisations import import_confirm, import_hold, import_job, import_tasks
from rcapp.organisations.models import Organisation
from rcapp.worker_identity import this_worker
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker as _dead
from tests.dead_workers import worker_elsewhere as _elsewhere
from tests.org_import_files import one_company
from tests.org_import_web import confirmed as _confirmed
from tests.org_import_web import queued as _queued
from tests.org_import_web import secretariat as _secretariat
from tests.org_import_web import token as _token
from tests.org_import_web import upload as _upload

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


def _started(app: Flask, user_id: int, token: str, seconds: float, worker: object) -> None:
    """Make the job a step a worker took `seconds` ago and has not moved since."""
    with app.test_request_context():
        document = import_hold.read_state(user_id, token)
        assert document is not None
        document["moved_at"] = document["started_at"] = time.time() - seconds
        document["worker"] = worker
        import_hold.write_state(user_id, token, document)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["已 4 分钟没有进展", "约 11 分钟后它会被放弃"]),
        ("en", ["has not progressed for 4 minutes", "it is given up in about 11 minutes"]),
    ],
)
def test_a_started_import_without_progress_says_its_worker_seems_stopped(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: list[str],
) -> None:
    user_id = _secretariat(db_session, auth, lang=lang)
    token, _held, _check = _queued(client, monkeypatch, "停顿化工")
    elsewhere = _elsewhere()
    _started(app, user_id, token, 60, elsewhere)
    page = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in page  # a minute: slow, perhaps
    _started(app, user_id, token, 4 * 60 + 5, elsewhere)
    assert client.get(f"/organisations/import/{token}/state").get_json() == {
        "waiting": True,
        "stalled": True,
        "started": True,
    }
    page = client.get(f"/organisations/import/{token}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    for expected in words:
        assert expected in page
    assert "data-queued" not in page  # a worker took it: no longer "queued" (QA43 S2)
    heading = "正在检查文件…" if lang == "zh" else "Checking the file…"
    assert f'<h2 id="wait-title">{heading}</h2>' in page


def test_an_import_whose_worker_here_is_gone_is_given_up_at_once(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user_id = _secretariat(db_session, auth)
    token, _held, _check = _queued(client, monkeypatch, "中断化工")
    _started(app, user_id, token, 5, this_worker())  # this process: alive, still at it
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is True
    _started(app, user_id, token, 5, _dead())
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is False
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    assert "文件检查被中断" in page.get_data(as_text=True)


def test_a_started_step_records_its_worker() -> None:
    job = import_job.Job("t", import_job.CHECKING, started_at=time.time(), worker=this_worker())
    assert not job.is_lost()
    assert job.quiet_minutes() is None
    assert job.lost_in_minutes() == 15


def test_the_worker_taking_a_check_records_itself(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    user_id = _secretariat(db_session, auth)
    token = _token(_upload(client, one_company("记录化工")).location)
    with app.test_request_context():
        job = import_job.load(user_id, token)
    assert job is not None
    assert job.worker == this_worker()  # the immediate-mode "worker" is this process


@pytest.mark.parametrize(
    ("lang", "nothing", "hedge"),
    [
        ("zh", "没有写入任何内容，可以重新上传。", "请在单位列表中核对是否已写入"),
        ("en", "Nothing was written; you can upload the file again.", "check in the list"),
    ],
)
def test_a_write_whose_worker_died_before_the_commit_says_nothing_was_written(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    nothing: str,
    hedge: str,
) -> None:
    user_id = _secretariat(db_session, auth, lang=lang)
    token, _held, _apply, confirmation, _preview = _confirmed(client, monkeypatch, "未写化工")
    assert confirmation.status_code == 302
    _started(app, user_id, token, 5, _dead())  # the write's worker died before its commit
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert nothing in text
    assert hedge not in text
    assert page.request.path == "/organisations/import"  # the upload page, to upload again


def test_a_write_whose_worker_died_after_reaching_the_commit_keeps_the_hedge(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user_id = _secretariat(db_session, auth)
    token, _held, apply, confirmation, _preview = _confirmed(client, monkeypatch, "已提交化工")
    assert confirmation.status_code == 302
    with app.test_request_context():
        confirmed = import_job.load(user_id, token)
    assert confirmed is not None
    assert confirmed.committing is False
    apply(user_id, token)
    with app.test_request_context():
        written = import_job.load(user_id, token)
    assert written is not None
    assert written.committing is True  # recorded just before the commit
    with app.test_request_context():  # as if the worker died right after the commit
        document = import_hold.read_state(user_id, token)
        assert document is not None
        document["state"] = import_job.APPLYING
        import_hold.write_state(user_id, token, document)
    _started(app, user_id, token, 5, _dead())
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "请在单位列表中核对是否已写入" in text
    assert "没有写入任何内容，可以重新上传" not in text


def _confirmed_and_held(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, name: str
) -> tuple[str, Any]:
    """Upload, preview and confirm a one-row file; the write waits; return its token and task."""
    held = _confirmed(client, monkeypatch, name)
    assert held.response.status_code == 302
    return held.token, held.apply


UPLOAD = "/organisations/import"


def _committing(app: Flask, user_id: int, token: str, reached: bool) -> None:
    with app.test_request_context():
        document = import_hold.read_state(user_id, token)
        assert document is not None
        document["committing"] = reached
        import_hold.write_state(user_id, token, document)


@pytest.mark.parametrize(
    ("lang", "reached", "shown", "not_shown", "path"),
    [
        ("zh", False, "没有写入任何内容，可以重新上传。", "核对是否已写入", UPLOAD),
        ("en", False, "Nothing was written; you can upload", "whether it was written", None),
        ("zh", True, "请在单位列表中核对是否已写入。", "没有写入任何内容", "/organisations/"),
        ("en", True, "check in the list of organisations whether it was written", "Nothing", None),
    ],
)
def test_a_write_given_up_by_the_time_rule_says_what_its_commit_flag_knows(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    reached: bool,
    shown: str,
    not_shown: str,
    path: str | None,
) -> None:
    """Silent for 15 minutes, its worker elsewhere (not known dead): before, always the hedge."""
    user_id = _secretariat(db_session, auth, lang=lang)
    token, _apply = _confirmed_and_held(client, monkeypatch, f"超时化工{lang}{reached}")
    _started(app, user_id, token, import_job.LOST_AFTER_SECONDS + 5, _elsewhere())
    _committing(app, user_id, token, reached)
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert shown in text
    assert not_shown not in text
    if path is not None:
        assert page.request.path == path


def test_a_worker_late_for_the_commit_of_a_given_up_write_writes_nothing(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page said "nothing was written": a worker only slow, not dead, must keep it true."""
    user_id = _secretariat(db_session, auth)
    token, apply = _confirmed_and_held(client, monkeypatch, "迟到化工")
    real = import_confirm.check_and_write
    said: list[str] = []

    def given_up_meanwhile(*args: Any) -> Any:
        _started(app, user_id, token, import_job.LOST_AFTER_SECONDS + 5, _elsewhere())
        page = client.get(f"/organisations/import/{token}", follow_redirects=True)
        said.append(page.get_data(as_text=True))
        return real(*args)

    monkeypatch.setattr(import_tasks, "check_and_write", given_up_meanwhile)
    apply(user_id, token)
    assert "没有写入任何内容，可以重新上传。" in said[0]
    db_session.expire_all()
    written = db_session.scalar(select(Organisation).where(Organisation.name_zh == "迟到化工"))
    assert written is None
    with app.test_request_context():
        assert import_job.load(user_id, token) is None
