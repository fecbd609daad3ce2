"""An import whose worker died while it worked: a notice, then given up (QA43 D2).

Before, "Importing…" showed with no notice, and blocked new uploads, for 15 minutes.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations import import_hold, import_job
from rcapp.worker_identity import host_key, this_worker
from tests.conftest import AuthActions
from tests.factories import credit_code
from tests.org_import_files import company, filled
from tests.org_import_web import answer as _answer
from tests.org_import_web import hold_back as _hold_back
from tests.org_import_web import secretariat as _secretariat
from tests.org_import_web import token as _token
from tests.org_import_web import upload as _upload

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    return child.pid


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
    _hold_back(monkeypatch, "check_import")
    token = _token(
        _upload(client, filled([company(name_zh="停顿化工", credit_code=credit_code())])).location
    )
    elsewhere = {"host": "another-host", "pid": 1, "started": "1"}  # cannot be looked at
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
    _hold_back(monkeypatch, "check_import")
    token = _token(
        _upload(client, filled([company(name_zh="中断化工", credit_code=credit_code())])).location
    )
    _started(app, user_id, token, 5, this_worker())  # this process: alive, still at it
    assert client.get(f"/organisations/import/{token}/state").get_json()["waiting"] is True
    _started(app, user_id, token, 5, {"host": host_key(), "pid": _ended_pid(), "started": "1"})
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
    token = _token(
        _upload(client, filled([company(name_zh="记录化工", credit_code=credit_code())])).location
    )
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
    response = _upload(client, filled([company(name_zh="未写化工", credit_code=credit_code())]))
    token = _token(response.location)
    preview = client.get(response.location).get_data(as_text=True)
    _hold_back(monkeypatch, "apply_import")
    assert _answer(client, token, "apply", preview).status_code == 302
    dead = {"host": host_key(), "pid": _ended_pid(), "started": "1"}
    _started(app, user_id, token, 5, dead)  # the write's worker died before its commit
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
    response = _upload(client, filled([company(name_zh="已提交化工", credit_code=credit_code())]))
    token = _token(response.location)
    preview = client.get(response.location).get_data(as_text=True)
    _, apply = _hold_back(monkeypatch, "apply_import")
    assert _answer(client, token, "apply", preview).status_code == 302
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
    _started(app, user_id, token, 5, {"host": host_key(), "pid": _ended_pid(), "started": "1"})
    page = client.get(f"/organisations/import/{token}", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "请在单位列表中核对是否已写入" in text
    assert "没有写入任何内容，可以重新上传" not in text
