"""`rcapp check`: the settings that matter in production, and what is wrong with them.

Each line is one check: `ok`, `warning` (works, but probably not what production wants) or
`PROBLEM` (something will fail). The exit status is 1 when there is a problem, so a deploy
script can stop on it (docs/deployment.md, section 3).

It speaks the language chosen with --lang, Chinese unless told, as the other commands'
summaries do (`rcapp orgs import --lang`); the level words of English stay as they were
(`ok`, `warning`, `PROBLEM`) for scripts that look for them. A malformed RCAPP_QUEUE_URL is
said in that language too, with the forms it accepts (rcapp.queue_words).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from rcapp import queue
from rcapp.db import ENGINE_KEY
from rcapp.dbcli import current_revisions, head_revisions, missing_sqlite_file, revision_state
from rcapp.links import DEFAULT_BASE_URL
from rcapp.mail.delivery import DEFAULTS as MAIL_DEFAULTS
from rcapp.mail.delivery import SmtpSettings
from rcapp.queue_words import queue_url_words
from rcapp.settings_check import base_url_state
from rcapp.versions import installed

OK, WARNING, PROBLEM = "ok", "warning", "PROBLEM"


def _(text: str, **params: Any) -> str:
    """Word a message in the language the command was asked in (gettext, as a str)."""
    return str(gettext(text, **params))


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
        words = _("%(file)s：不存在；请运行 `rcapp db upgrade`", file=missing)
        return [Finding(_("数据库"), PROBLEM, words)]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = current_revisions(engine)
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the finding
        words = _("%(url)s：无法连接（%(error)s）", url=shown, error=type(exc).__name__)
        return [Finding(_("数据库"), PROBLEM, words)]
    heads = head_revisions()
    state = revision_state(current, heads)
    return [
        Finding(_("数据库"), OK, _("%(url)s：可以连接", url=shown)),
        Finding(
            _("数据库迁移"), OK if state == "head" else PROBLEM, _revision(state, current, heads)
        ),
    ]


def _revision(state: str, current: tuple[str, ...], heads: tuple[str, ...]) -> str:
    """Say where the database stands against the migrations (dbcli.revision_state)."""
    shown, head = ", ".join(current), ", ".join(heads)
    if state == "none":
        return _(
            "数据库尚未迁移（没有版本）；最新版本为 %(head)s：请运行 `rcapp db upgrade`。",
            head=head,
        )
    if state == "head":
        return _("数据库处于 %(current)s（最新）。", current=shown)
    if state == "unknown":
        return _(
            "数据库处于 %(current)s，本 rcapp 不认识这个版本（由更新的版本创建？）；"
            "本 rcapp 的最新版本为 %(head)s。",
            current=shown,
            head=head,
        )
    return _(
        "数据库处于 %(current)s，落后于最新版本 %(head)s：请运行 `rcapp db upgrade`。",
        current=shown,
        head=head,
    )


def check_queue(_app: Flask) -> list[Finding]:
    """Check that the task queue answers (the worker and the app must name the same one).

    A SQLite queue that does not exist is not created here (QA43 D4): a mistyped path would
    leave the app and the worker on different queues, and the check is there to catch it.
    """
    name = _("任务队列")
    if queue.url_problem:
        return [Finding(name, PROBLEM, queue_url_words(queue.url_problem, _))]
    where = queue.location(queue.huey)
    path = queue.queue_file(queue.huey)
    if path is not None and not path.exists():
        if not path.parent.is_dir():
            words = _("%(where)s：其文件夹 %(folder)s 不存在", where=where, folder=path.parent)
            return [Finding(name, PROBLEM, words)]
        words = _(
            "%(where)s：尚不存在，后台任务程序会创建它；"
            "请确认网站和后台任务程序使用同一个 RCAPP_QUEUE_URL",
            where=where,
        )
        return [Finding(name, WARNING, words)]
    try:
        waiting = queue.huey.pending_count()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it is the finding
        words = _("%(where)s：无法连接（%(error)s）", where=where, error=type(exc).__name__)
        return [Finding(name, PROBLEM, words)]
    words = ngettext(
        "%(where)s：可以连接，%(num)d 个任务在等待",
        "%(where)s：可以连接，%(num)d 个任务在等待",
        waiting,
        where=where,
    )
    return [Finding(name, OK, words)]


def folder_problem(folder: Path) -> str | None:
    """Say why this user cannot write in the folder (or make it); None when it can.

    Tried for real, with a folder made and removed at once: permissions alone say yes to root
    under /proc or on a read-only mount (QA43 D3).
    """
    if folder.exists() and not folder.is_dir():
        return _("不是文件夹")
    existing = folder if folder.exists() else next(p for p in folder.parents if p.exists())
    if not existing.is_dir():
        return _("不存在，而且 %(path)s 不是文件夹", path=existing)
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".rcapp-check-", dir=existing))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if existing == folder:
            return _("当前用户无法写入（%(reason)s）", reason=reason)
        return _("不存在，而且无法在 %(path)s 中创建（%(reason)s）", path=existing, reason=reason)
    return None


def check_folders(app: Flask) -> list[Finding]:
    """Check that the folders the service writes to can be written (or made) by this user."""
    found = []
    for key in ("UPLOAD_DIR", "REPORTS_DIR"):
        folder = Path(app.config[key])
        problem = folder_problem(folder)
        if problem:
            found.append(
                Finding(key, PROBLEM, _("%(path)s：%(words)s", path=folder, words=problem))
            )
        else:
            words = _("可以写入") if folder.exists() else _("不存在；会自动创建")
            found.append(Finding(key, OK, _("%(path)s：%(words)s", path=folder, words=words)))
    return found


def check_mail(app: Flask) -> list[Finding]:
    """Say where mail goes; the development debug server's address is a warning."""
    smtp = SmtpSettings.from_config(app.config)
    security = "SSL" if smtp.use_ssl else "STARTTLS" if smtp.use_tls else _("不加密")
    login = _("需要登录") if smtp.username else _("不登录")
    words = _(
        "%(server)s:%(port)s（%(security)s，%(login)s），发件人 %(sender)s",
        server=smtp.server,
        port=smtp.port,
        security=security,
        login=login,
        sender=smtp.sender,
    )
    if (smtp.server, smtp.port) == (MAIL_DEFAULTS["MAIL_SERVER"], MAIL_DEFAULTS["MAIL_PORT"]):
        words = _("%(words)s：这是开发用的调试邮件服务器；请设置 RCAPP_MAIL_SERVER", words=words)
        return [Finding(_("邮件"), WARNING, words)]
    return [Finding(_("邮件"), OK, words)]


def check_links(app: Flask) -> list[Finding]:
    """Check that HTTPS and the base URL of the links in e-mails agree."""
    base = str(app.config.get("BASE_URL") or "")
    https = "HTTPS" if app.config.get("HTTPS") else _("普通 HTTP（RCAPP_HTTPS=false）")
    name = _("链接地址")
    state = base_url_state(app.config)
    if state == "unset":
        words = _(
            "RCAPP_HTTPS=true，但没有设置 RCAPP_BASE_URL：邮件中的链接指向 %(url)s。"
            "请设置 RCAPP_BASE_URL=https://<用户打开的地址>（docs/deployment.md 第 3 节）。",
            url=DEFAULT_BASE_URL,
        )
        return [Finding(name, PROBLEM, words)]
    if state == "http":
        words = _(
            "RCAPP_HTTPS=true，但 RCAPP_BASE_URL 为 %(url)s：邮件中的链接以 http:// 开头，"
            "浏览器须被转到 https://（或根本打不开）。请把 RCAPP_BASE_URL 设为用户打开的 "
            "https:// 地址（docs/deployment.md 第 3 节）。",
            url=base,
        )
        return [Finding(name, PROBLEM, words)]
    if not base:
        # `rcapp run` links its own address then; the worker and gunicorn cannot (qa55 #5).
        words = _(
            "未设置（RCAPP_BASE_URL）：后台任务程序和 gunicorn 发出的邮件中的链接指向 %(url)s"
            "（rcapp run 指向它所服务的地址）；请设为用户打开的地址（docs/deployment.md 第 3 节）",
            url=DEFAULT_BASE_URL,
        )
        return [Finding(name, WARNING, words)]
    return [Finding(name, OK, _("%(url)s，通过 %(https)s 提供", url=base, https=https))]


CHECKS: tuple[Callable[[Flask], list[Finding]], ...] = (
    check_database,
    check_queue,
    check_folders,
    check_mail,
    check_links,
)


def run_checks(app: Flask) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(app)]


def _level(level: str) -> str:
    """Return the level as a line shows it (in English, the code itself)."""
    return {OK: _("正常"), WARNING: _("注意"), PROBLEM: _("问题")}[level]


@click.command("check")
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of the messages."
)
@with_appcontext
def check_command(lang: str) -> None:
    """Check the settings: database, migrations, queue, folders, mail, HTTPS (exit 1: problem)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with force_locale("en" if lang == "en" else "zh_CN"):
        click.echo(_("rcapp %(version)s：设置检查", version=installed("rcapp")))
        findings = run_checks(app)
        # The English levels padded to "PROBLEM"; the Chinese ones are two characters each.
        width, colon = (8, ": ") if lang == "en" else (2, "：")
        for finding in findings:
            colour = {OK: "green", WARNING: "yellow", PROBLEM: "red"}[finding.level]
            label = click.style(f"{_level(finding.level):<{width}}", fg=colour)
            click.echo(f"  {label} {finding.name}{colon}{finding.words}")
        problems = sum(1 for finding in findings if finding.level == PROBLEM)
        if problems:
            click.echo(
                ngettext("%(num)d 个问题：见上文。", "%(num)d 个问题：见上文。", problems), err=True
            )
            raise SystemExit(1)
        click.echo(_("没有发现问题。"))
