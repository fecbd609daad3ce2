"""The administrator's commands: `rcapp --version`, `rcapp db current|heads`, `rcapp check`,
`rcapp -e FILE`, and the start-up warning about HTTPS and the base URL of e-mail links."""

from __future__ import annotations

import logging
import os
import runpy
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.cli import ScriptInfo

from rcapp import create_app
from rcapp.checkcli import check_command
from rcapp.cli import main
from rcapp.dbcli import db_cli, head_revisions
from rcapp.links import external_url
from rcapp.settings_check import (
    base_url_problem,
    start_warnings,
    worker_refusal,
    worker_warnings,
)
from rcapp.warmup import WarmUp
from rcapp.workercli import worker_command

PROJECT = Path(__file__).resolve().parents[2]


def _invoke_main(app: Flask, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_version_names_rcapp_first_then_python_flask_and_drivers(app: Flask) -> None:
    result = _invoke_main(app, "--version")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("rcapp 0."), lines  # Flask's option printed "Python …" first
    assert lines[1].startswith("Python 3.")
    assert any(line.startswith("Flask 3.") for line in lines)
    assert any(line.startswith("psycopg 3.") for line in lines)
    assert any("SQLite 3." in line for line in lines)


def test_db_current_says_head_on_a_migrated_database(app: Flask) -> None:
    result = app.test_cli_runner().invoke(db_cli, ["current"])
    assert result.exit_code == 0, result.output
    [head] = head_revisions()
    assert result.output.strip() == f"Database at {head} (head)."


def test_db_current_fails_on_a_database_behind_head(tmp_path: Path) -> None:
    (tmp_path / "new.sqlite3").touch()  # an empty database; a missing file is its own case
    fresh = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    result = fresh.test_cli_runner().invoke(db_cli, ["current"])
    assert result.exit_code == 1
    assert "not migrated" in result.output
    assert "rcapp db upgrade" in result.output


def test_db_heads_prints_the_head_revision(app: Flask) -> None:
    result = app.test_cli_runner().invoke(db_cli, ["heads"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == list(head_revisions())


@pytest.mark.parametrize(
    ("https", "base_url", "wrong"),
    [
        (True, "http://rc.example.cn", True),
        (True, "HTTP://rc.example.cn/rc", True),
        (True, None, True),  # links would point at http://127.0.0.1:5000
        (True, "https://rc.example.cn", False),
        (False, "http://rc.example.cn", False),
        (False, None, False),
    ],
)
def test_https_with_an_http_base_url_is_a_problem(
    https: bool, base_url: str | None, wrong: bool
) -> None:
    config = {"HTTPS": https, "BASE_URL": base_url}
    assert (base_url_problem(config) is not None) is wrong
    assert len(start_warnings(config)) == int(wrong)


def test_check_passes_on_good_settings_and_lists_what_matters(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "HTTPS", True)
    monkeypatch.setitem(app.config, "BASE_URL", "https://rc.example.cn")
    result = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert result.exit_code == 0, result.output
    for name in ("database:", "migrations:", "queue:", "UPLOAD_DIR:", "REPORTS_DIR:", "mail:"):
        assert name in result.output
    assert "base URL: https://rc.example.cn, served over HTTPS" in result.output
    assert "PROBLEM" not in result.output


def test_check_fails_on_https_with_an_http_base_url(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "HTTPS", True)
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")
    result = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert result.exit_code == 1
    assert "PROBLEM  base URL: RCAPP_HTTPS=true but RCAPP_BASE_URL is http://rc.example.cn" in (
        result.output
    )


def test_check_fails_on_an_unwritable_upload_folder(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "uploads"
    not_a_folder.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(not_a_folder))
    result = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert result.exit_code == 1
    assert f"PROBLEM  UPLOAD_DIR: {not_a_folder}: not a folder" in result.output


@dataclass
class _Served:
    options: list[dict[str, Any]] = field(default_factory=list)


def _serving(monkeypatch: pytest.MonkeyPatch) -> _Served:
    """Make `rcapp run` record what it would serve, without warming up or serving."""
    served = _Served()
    monkeypatch.setattr("rcapp.runcli.run_command", lambda **o: served.options.append(o))
    monkeypatch.setattr("rcapp.runcli.warm_up", lambda _app: WarmUp())
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    return served


def test_rcapp_run_warns_about_https_with_an_http_base_url(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = _serving(monkeypatch)
    monkeypatch.setitem(app.config, "HTTPS", True)
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")
    result = _invoke_main(app, "run", "--no-reload")
    assert result.exit_code == 0, result.output
    assert "Warning: RCAPP_HTTPS=true but RCAPP_BASE_URL is http://rc.example.cn" in result.stderr
    assert len(served.options) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--port", "5103"), "http://127.0.0.1:5103"),
        (("--host", "0.0.0.0", "--port", "5206"), "http://127.0.0.1:5206"),  # noqa: S104
        (("--host", "rc.local", "--port", "8080"), "http://rc.local:8080"),
    ],
)
def test_rcapp_run_links_mail_to_the_port_it_serves_without_a_base_url(
    app: Flask, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], expected: str
) -> None:
    _serving(monkeypatch)
    monkeypatch.setitem(app.config, "BASE_URL", None)
    result = _invoke_main(app, "run", "--no-reload", *args)
    assert result.exit_code == 0, result.output
    assert app.config["BASE_URL"] == expected  # qa55 #5: not http://127.0.0.1:5000
    with app.test_request_context():
        assert external_url("home.index") == expected + "/"
    assert f"Links in e-mails: {expected} (RCAPP_BASE_URL unset)" in result.stderr


def test_rcapp_run_keeps_a_base_url_that_is_set(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serving(monkeypatch)
    monkeypatch.setitem(app.config, "BASE_URL", "https://rc.example.cn")
    result = _invoke_main(app, "run", "--no-reload", "--port", "5103")
    assert result.exit_code == 0, result.output
    assert app.config["BASE_URL"] == "https://rc.example.cn"
    assert "Links in e-mails" not in result.stderr


def test_the_worker_and_the_check_name_an_unset_base_url(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA58 6: the worker linked its reminders to :5000 beside an app on :5181; it no
    # longer guesses an address: without RCAPP_BASE_URL it does not start.
    monkeypatch.setitem(app.config, "BASE_URL", None)
    result = app.test_cli_runner().invoke(worker_command, [])
    assert result.exit_code != 0
    assert "RCAPP_BASE_URL is not set: the worker cannot know the address" in result.output
    refusal = worker_refusal(app.config)
    assert refusal is not None
    assert "the same for the app and the worker" in refusal
    monkeypatch.setitem(app.config, "BASE_URL", "https://rc.example.cn")
    assert worker_refusal(app.config) is None
    assert worker_warnings(app.config) == []
    monkeypatch.setitem(app.config, "BASE_URL", None)
    for lang, words in (
        ("en", "base URL: not set (RCAPP_BASE_URL)"),
        ("zh", "未设置（RCAPP_BASE_URL）"),
    ):
        result = app.test_cli_runner().invoke(check_command, ["--lang", lang])
        assert words in result.output, result.output


def test_env_file_is_read_before_the_queue_is_chosen_and_no_dot_env_is(tmp_path: Path) -> None:
    """`rcapp -e FILE` sets RCAPP_QUEUE_URL before rcapp.queue reads it; ./.env is ignored."""
    queue_file = tmp_path / "from-env-file.queue.sqlite3"
    env_file = tmp_path / "rcapp.env"
    env_file.write_text(
        f"RCAPP_DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\n"
        f"RCAPP_QUEUE_URL=sqlite:///{queue_file}\n"
        f"RCAPP_UPLOAD_DIR={tmp_path / 'uploads'}\n"
        f"RCAPP_REPORTS_DIR={tmp_path / 'reports'}\n",
        encoding="utf-8",
    )
    (tmp_path / ".env").write_text("RCAPP_BASE_URL=http://from-dot-env.invalid\n", encoding="utf-8")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("RCAPP_") and key != "FLASK_SKIP_DOTENV"
    }
    environment["PYTHONPATH"] = str(PROJECT)
    code = "import sys; from rcapp.cli import main; sys.argv[0] = 'rcapp'; main()"
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code, "-e", str(env_file), "check", "--lang", "en"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert f"queue: {queue_file}: does not exist yet" in done.stdout, done.stdout + done.stderr
    assert not queue_file.exists()  # the check creates nothing (QA43 D4)
    assert "from-dot-env" not in done.stdout
    assert "base URL: not set" in done.stdout


def test_wsgi_logs_https_with_an_http_base_url_as_it_starts(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(app.config, "HTTPS", True)
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")
    monkeypatch.setattr("rcapp.create_app", lambda: app)
    monkeypatch.setattr("rcapp.warmup.warm_up", lambda _app: WarmUp())
    monkeypatch.setattr("rcapp.warmup.dispose_engine_after_fork", lambda _app: None)
    with caplog.at_level(logging.WARNING, logger="rcapp"):
        served = runpy.run_path(str(PROJECT / "wsgi.py"))
    assert served["app"] is app
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "RCAPP_HTTPS=true but RCAPP_BASE_URL is http://rc.example.cn" in warning.getMessage()


def test_check_speaks_chinese_unless_told_as_the_other_commands(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It spoke English only (jobsfix3 item 6); `rcapp orgs import` takes --lang, zh by default."""
    monkeypatch.setitem(app.config, "HTTPS", True)
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")
    result = app.test_cli_runner().invoke(check_command)
    assert result.exit_code == 1
    assert "设置检查" in result.output
    assert "  正常 数据库：" in result.output
    assert "  问题 链接地址：RCAPP_HTTPS=true，但 RCAPP_BASE_URL 为 http://rc.example.cn" in (
        result.output
    )
    assert "1 个问题：见上文。" in result.output
    assert "PROBLEM" not in result.output
    assert "reachable" not in result.output
    english = app.test_cli_runner().invoke(check_command, ["--lang", "en"])
    assert "1 problem: see above." in english.output
    assert "PROBLEM  base URL: RCAPP_HTTPS=true but RCAPP_BASE_URL is" in english.output
