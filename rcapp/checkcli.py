"""`rcapp check`: the settings that matter in production, and what is wrong with them.

Each line is one check: `ok`, `warning` (works, but probably not what production wants) or
`PROBLEM` (something will fail). The exit status is 1 when there is a problem, so a deploy
script can stop on it (docs/deployment.md, section 3).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from rcapp import queue
from rcapp.db import ENGINE_KEY
from rcapp.dbcli import current_revisions, head_revisions, missing_sqlite_file, revision_words
from rcapp.links import DEFAULT_BASE_URL
from rcapp.mail.delivery import DEFAULTS as MAIL_DEFAULTS
from rcapp.mail.delivery import SmtpSettings
from rcapp.settings_check import base_url_problem
from rcapp.versions import installed

OK, WARNING, PROBLEM = "ok", "warning", "PROBLEM"


@dataclass(frozen=True)
class Finding:
    name: str
    level: str
    words: str


def check_database(app: Flask) -> list[Finding]:
    """Check that the database answers and that its schema is at this rcapp's head."""
    engine = app.extensions[ENGINE_KEY]
    shown = make_url(app.config["DATABASE_URL"]).render_as_string(hide_password=True)
    missing = missing_sqlite_file(app.config["DATABASE_URL"])
    if missing:  # connecting would create an empty file (QA43 S9)
        return [Finding("database", PROBLEM, f"{missing}: does not exist; run `rcapp db upgrade`")]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = current_revisions(engine)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the finding
        return [Finding("database", PROBLEM, f"{shown}: cannot connect ({type(exc).__name__})")]
    words, at_head = revision_words(current, head_revisions())
    return [
        Finding("database", OK, f"{shown}: reachable"),
        Finding("migrations", OK if at_head else PROBLEM, words),
    ]


def check_queue(_app: Flask) -> list[Finding]:
    """Check that the task queue answers (the worker and the app must name the same one).

    A SQLite queue that does not exist is not created here (QA43 D4): a mistyped path would
    leave the app and the worker on different queues, and the check is there to catch it.
    """
    if queue.url_problem:
        return [Finding("queue", PROBLEM, queue.url_problem)]
    where = queue.location(queue.huey)
    path = queue.queue_file(queue.huey)
    if path is not None and not path.exists():
        if not path.parent.is_dir():
            return [Finding("queue", PROBLEM, f"{where}: its folder {path.parent} does not exist")]
        return [
            Finding(
                "queue",
                WARNING,
                f"{where}: does not exist yet: the worker creates it; "
                "check app and worker use the same RCAPP_QUEUE_URL",
            )
        ]
    try:
        waiting = queue.huey.pending_count()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it is the finding
        return [Finding("queue", PROBLEM, f"{where}: cannot reach it ({type(exc).__name__})")]
    tasks = "task" if waiting == 1 else "tasks"
    return [Finding("queue", OK, f"{where}: reachable, {waiting} {tasks} waiting")]


def folder_problem(folder: Path) -> str | None:
    """Say why this user cannot write in the folder (or make it); None when it can.

    Tried for real, with a folder made and removed at once: permissions alone say yes to root
    under /proc or on a read-only mount (QA43 D3).
    """
    if folder.exists() and not folder.is_dir():
        return "not a folder"
    existing = folder if folder.exists() else next(p for p in folder.parents if p.exists())
    if not existing.is_dir():
        return f"missing, and {existing} is not a folder"
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".rcapp-check-", dir=existing))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if existing == folder:
            return f"not writable by this user ({reason})"
        return f"missing, and cannot be made in {existing} ({reason})"
    return None


def check_folders(app: Flask) -> list[Finding]:
    """Check that the folders the service writes to can be written (or made) by this user."""
    found = []
    for key in ("UPLOAD_DIR", "REPORTS_DIR"):
        folder = Path(app.config[key])
        problem = folder_problem(folder)
        if problem:
            found.append(Finding(key, PROBLEM, f"{folder}: {problem}"))
        else:
            words = "writable" if folder.exists() else "missing; will be made"
            found.append(Finding(key, OK, f"{folder}: {words}"))
    return found


def check_mail(app: Flask) -> list[Finding]:
    """Say where mail goes; the development debug server's address is a warning."""
    smtp = SmtpSettings.from_config(app.config)
    security = "SSL" if smtp.use_ssl else "STARTTLS" if smtp.use_tls else "no TLS"
    login = "with login" if smtp.username else "no login"
    words = f"{smtp.server}:{smtp.port} ({security}, {login}), sender {smtp.sender}"
    if (smtp.server, smtp.port) == (MAIL_DEFAULTS["MAIL_SERVER"], MAIL_DEFAULTS["MAIL_PORT"]):
        return [
            Finding(
                "mail", WARNING, f"{words}: the development debug server; set RCAPP_MAIL_SERVER"
            )
        ]
    return [Finding("mail", OK, words)]


def check_links(app: Flask) -> list[Finding]:
    """Check that HTTPS and the base URL of the links in e-mails agree."""
    base = str(app.config.get("BASE_URL") or "")
    https = "HTTPS" if app.config.get("HTTPS") else "plain HTTP (RCAPP_HTTPS=false)"
    problem = base_url_problem(app.config)
    if problem:
        return [Finding("base URL", PROBLEM, problem)]
    if not base:
        return [Finding("base URL", WARNING, f"not set: e-mail links point at {DEFAULT_BASE_URL}")]
    return [Finding("base URL", OK, f"{base}, served over {https}")]


CHECKS: tuple[Callable[[Flask], list[Finding]], ...] = (
    check_database,
    check_queue,
    check_folders,
    check_mail,
    check_links,
)


def run_checks(app: Flask) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(app)]


@click.command("check")
@with_appcontext
def check_command() -> None:
    """Check the settings: database, migrations, queue, folders, mail, HTTPS (exit 1: problem)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"rcapp {installed('rcapp')}: settings check")
    findings = run_checks(app)
    for finding in findings:
        colour = {OK: "green", WARNING: "yellow", PROBLEM: "red"}[finding.level]
        label = click.style(f"{finding.level:<8}", fg=colour)
        click.echo(f"  {label} {finding.name}: {finding.words}")
    problems = sum(1 for finding in findings if finding.level == PROBLEM)
    if problems:
        click.echo(f"{problems} problem(s): see above.", err=True)
        raise SystemExit(1)
    click.echo("No problems found.")
