"""`rcapp check`, `worker` and `db current` on bad queue and folder settings (QA43 D3-D5).

A check creates nothing; a malformed RCAPP_QUEUE_URL or an unreachable queue is one line,
never a traceback.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.cli import ScriptInfo
from flask_babel import force_locale

from rcapp import create_app, queue
from rcapp.checkcli import check_command, check_queue, folder_problem
from rcapp.cli import main
from rcapp.dbcli import db_cli
from rcapp.workercli import worker_command

PROJECT = Path(__file__).resolve().parents[2]


def _invoke_main(app: Flask, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_an_upload_folder_that_cannot_be_made_is_a_problem(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "UPLOAD_DIR", "/proc/rcapp-nope")
    result = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert result.exit_code == 1
    assert "PROBLEM  UPLOAD_DIR: /proc/rcapp-nope: missing, and cannot be made in /proc" in (
        result.output
    )
    assert not Path("/proc/rcapp-nope").exists()


def test_a_folder_under_a_file_is_a_problem_and_a_writable_one_leaves_nothing(
    app: Flask, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with app.app_context(), force_locale("en"):
        assert folder_problem(tmp_path / "file" / "uploads") == (
            f"missing, and {tmp_path / 'file'} is not a folder"
        )
    with app.app_context(), force_locale("zh_CN"):  # `rcapp check` speaks Chinese unless told
        assert folder_problem(tmp_path / "file" / "uploads") == (
            f"不存在，而且 {tmp_path / 'file'} 不是文件夹"
        )
    assert folder_problem(tmp_path / "new" / "uploads") is None
    assert folder_problem(tmp_path) is None
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]


def test_a_sqlite_queue_that_does_not_exist_is_a_warning_and_is_not_created(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "q.sqlite3"
    monkeypatch.setattr(queue, "huey", queue.make_huey(f"sqlite:///{path}"))
    with app.app_context(), force_locale("en"):
        [finding] = check_queue(app)
    assert (finding.level, finding.words) == (
        "warning",
        f"{path}: does not exist yet: the worker creates it; "
        "check app and worker use the same RCAPP_QUEUE_URL",
    )
    assert not path.exists()


def test_a_sqlite_queue_in_a_missing_folder_is_a_problem_and_nothing_is_made(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "typo" / "dir" / "q.sqlite3"
    monkeypatch.setattr(queue, "huey", queue.make_huey(f"sqlite:///{path}"))
    result = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert result.exit_code == 1
    assert f"PROBLEM  queue: {path}: its folder {path.parent} does not exist" in result.output
    assert not (tmp_path / "typo").exists()


def test_the_queue_is_made_when_first_used_and_one_task_is_singular(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "later" / "q.sqlite3"
    huey = queue.make_huey(f"sqlite:///{path}")
    assert not path.parent.exists()  # building it made nothing
    huey.task()(lambda: None)()
    assert path.exists()
    monkeypatch.setattr(queue, "huey", huey)
    with app.app_context(), force_locale("en"):
        [finding] = check_queue(app)
    assert (finding.level, finding.words) == ("ok", f"{path}: reachable, 1 task waiting")


ACCEPTED_ZH = "可用的写法：sqlite:///文件路径（例如 sqlite:////var/lib/rcapp/queue.sqlite3）或 "
ACCEPTED_EN = "Accepted forms: sqlite:///PATH (e.g. sqlite:////var/lib/rcapp/queue.sqlite3) or "


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("redis//x", "没有以“sqlite:///”或“redis://”开头", 'it does not start with "sqlite:///"'),
        ("foo://", "不支持“foo://”", '"foo://" is not supported'),
        ("sqlite://", "没有写明队列文件的路径", "it names no queue file"),
        ("sqlite:///", "没有写明队列文件的路径", "it names no queue file"),
        ("redis://h:abc/0", "格式有误", "it is malformed"),
        ("redis://[x", "格式有误", "it is malformed"),
        ("redis://h:6379/zz", "格式有误", "it is malformed"),
        ("redis://:secret@h:abc/0", "格式有误", "it is malformed"),
    ],
)
def test_a_malformed_queue_url_is_said_in_the_checks_language_with_the_accepted_forms(
    app: Flask, monkeypatch: pytest.MonkeyPatch, value: str, zh: str, en: str
) -> None:
    """QA: "redis//x" gave "unsupported scheme ''" in English; "redis://h:abc/0" a traceback."""
    with pytest.raises(queue.QueueUrlError) as raised:
        queue.make_huey(value)
    monkeypatch.setattr(queue, "url_problem", raised.value)
    shown = value.replace(":secret@", "***@")  # no password in a log or on a screen
    chinese = _invoke_main(app, "check")
    assert chinese.exit_code == 1
    assert f"设置 RCAPP_QUEUE_URL 的值“{shown}”无法使用：{zh}" in chinese.output
    assert ACCEPTED_ZH in chinese.output
    english = _invoke_main(app, "check", "--lang", "en")
    assert f'The setting RCAPP_QUEUE_URL="{shown}" cannot be used: {en}' in english.output
    assert ACCEPTED_EN in english.output
    assert "secret" not in chinese.output + english.output
    # Any other command stops on it, before its options: Chinese, then English, one line.
    other = _invoke_main(app, "db", "current")
    assert other.exit_code == 1
    [line] = other.output.strip().splitlines()
    assert line.startswith(f"Error: 设置 RCAPP_QUEUE_URL 的值“{shown}”无法使用：{zh}")
    assert f' / The setting RCAPP_QUEUE_URL="{shown}" cannot be used: {en}' in line
    assert line.endswith("(`rcapp check` lists the settings.)")


@pytest.mark.parametrize(
    "value", ["sqlite:////var/q.sqlite3", "sqlite:///q.sqlite3", "redis://h:6379/0", "rediss://h"]
)
def test_a_well_formed_queue_url_makes_a_queue(value: str) -> None:
    assert queue.make_huey(value) is not None


def test_a_malformed_queue_url_stops_a_command_without_a_traceback(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RCAPP_")}
    environment.update(
        PYTHONPATH=str(PROJECT),
        RCAPP_QUEUE_URL="bogus",
        RCAPP_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    code = "import sys; from rcapp.cli import main; sys.argv[0] = 'rcapp'; main()"
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code, "db", "current"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: 设置 RCAPP_QUEUE_URL 的值“bogus”无法使用")
    assert 'The setting RCAPP_QUEUE_URL="bogus" cannot be used' in line


def test_wsgi_stops_in_one_line_on_a_malformed_queue_url(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = queue.QueueUrlError("foo://", queue.QueueUrlError.SCHEME)
    monkeypatch.setattr(queue, "url_problem", problem)
    said = "^rcapp: 设置 RCAPP_QUEUE_URL 的值“foo://”.* / The setting"
    with pytest.raises(SystemExit, match=said):
        runpy.run_path(str(PROJECT / "wsgi.py"))


def test_the_worker_says_in_one_line_which_queue_it_could_not_reach(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue, "huey", queue.make_huey("redis://127.0.0.1:1/0"))
    # Without the address its mails link to it does not start at all (QA58 6), before the queue
    monkeypatch.setitem(app.config, "BASE_URL", None)
    refused = app.test_cli_runner().invoke(worker_command, [])
    assert refused.exit_code == 1
    assert "Error: RCAPP_BASE_URL is not set" in refused.output
    assert "cannot reach the queue" not in refused.output
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")
    result = app.test_cli_runner().invoke(worker_command, [])
    assert result.exit_code == 1
    assert "Error: cannot reach the queue Redis redis://127.0.0.1:1/0: " in result.output
    assert isinstance(result.exception, SystemExit)


def test_db_current_and_check_do_not_create_a_missing_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    fresh = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    current = fresh.test_cli_runner().invoke(db_cli, ["current"])
    assert current.exit_code == 1
    assert current.output.strip() == (
        f"Database file {path} does not exist: run `rcapp db upgrade`."
    )
    checked = fresh.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert f"PROBLEM  database: {path}: does not exist; run `rcapp db upgrade`" in checked.output
    assert not path.exists()
