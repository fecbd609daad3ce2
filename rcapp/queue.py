"""The background task queue (Huey): long work runs here, never in the request.

One module-level Huey instance, chosen by `RCAPP_QUEUE_URL` when the process starts so that
the web app and the worker (`rcapp worker`) agree on it:

- `sqlite:///PATH`: `SqliteHuey` in that file;
- unset: `SqliteHuey` in a file that follows the database (`RCAPP_DATABASE_URL`): beside a
  SQLite database, `<database file>.queue.sqlite3` (`instance/rcapp.sqlite3.queue.sqlite3`
  for the default one); for another database, `instance/queue-<database>-<hash>.sqlite3`.
  So two instances started from the same code on different databases never share a queue
  (a task queued by one would run in the other's worker, against the other's database),
  and an app and its worker given the same database always do;
- `redis://HOST:PORT/DB`: `RedisHuey`, for several app servers and workers.

Tasks are declared with `@app_task()`, or `@app_periodic_task(crontab(...))` for one the
worker's scheduler starts at set times (in UTC): the function runs inside a Flask app context
and the database session is committed when it returns (rolled back when it raises). Under
`TESTING` (or `QUEUE_IMMEDIATE=True`) Huey runs in immediate mode: calling a task runs it
at once, in-process, in the caller's app context.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlparse

from flask import Flask, has_app_context
from flask.logging import default_handler
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.storage import SqliteStorage
from sqlalchemy.engine import make_url

from rcapp import db
from rcapp.config import PROJECT_ROOT

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

QUEUE_NAME = "rcapp"
INSTANCE_DIR = PROJECT_ROOT / "instance"
# The app's default database (rcapp.config): its queue is the default queue.
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'rcapp.sqlite3'}"
QUEUE_SUFFIX = ".queue.sqlite3"
# A running worker takes a queued task within seconds: one waiting this long means none is
# taking it, and the page that waits for it says the worker may not be running (report jobs,
# organisation imports, a park's result refresh).
STALLED_AFTER = dt.timedelta(minutes=2)


def default_queue_file(database_url: str | None) -> Path:
    """Return the queue file of a database when RCAPP_QUEUE_URL is unset (module docstring)."""
    url = make_url(database_url or DEFAULT_DATABASE_URL)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + QUEUE_SUFFIX)
    # Not a file of its own: one queue per database under the instance folder, named after
    # it, with a hash of its address (password left out) to tell two servers' apart.
    address = url.render_as_string(hide_password=True)
    digest = hashlib.sha256(address.encode()).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", url.database or "memory")
    return INSTANCE_DIR / f"queue-{name}-{digest}.sqlite3"


class QueueUrlError(ValueError):
    """RCAPP_QUEUE_URL names no queue rcapp can use (said in one line, QA43 D5).

    It keeps what was wrong (`reason`, one of the constants below) and the value, its
    password hidden, so that rcapp.queue_words says it in the reader's language; its own
    text is English, for a traceback.
    """

    NO_SCHEME = "no_scheme"  # "redis//x", "/var/q.sqlite3": no sqlite:/// or redis:// before it
    SCHEME = "scheme"  # "foo://x": a scheme rcapp has no queue for
    NO_PATH = "no_path"  # "sqlite://", "sqlite:///": no file named
    MALFORMED = "malformed"  # the parser refused it: a port or database number not a number

    def __init__(self, value: str, reason: str) -> None:
        self.value = _hide_password(value)
        self.reason = reason
        self.scheme = urlparse(value).scheme if reason == self.SCHEME else ""
        said = f"unsupported scheme {self.scheme!r}" if self.scheme else reason.replace("_", " ")
        super().__init__(
            f"RCAPP_QUEUE_URL={self.value!r}: {said} (sqlite:///PATH or redis://HOST:PORT/DB)"
        )


def _hide_password(value: str) -> str:
    return re.sub(r"(://)[^/@]*@", r"\1***@", value)


def _checked_url(url: str) -> str:
    """Return the scheme of a queue URL rcapp can use; QueueUrlError says what is wrong."""
    try:
        parsed = urlparse(url)
        port = parsed.port  # a port that is not a number raises ValueError
    except ValueError as exc:
        raise QueueUrlError(url, QueueUrlError.MALFORMED) from exc
    if "://" not in url or not parsed.scheme:
        raise QueueUrlError(url, QueueUrlError.NO_SCHEME)
    if parsed.scheme == "sqlite":
        if not url.startswith("sqlite:///") or not url.removeprefix("sqlite:///"):
            raise QueueUrlError(url, QueueUrlError.NO_PATH)
    elif parsed.scheme in ("redis", "rediss"):
        database = parsed.path.strip("/")
        if not parsed.hostname or (database and not database.isdigit()) or port == 0:
            raise QueueUrlError(url, QueueUrlError.MALFORMED)
    else:
        raise QueueUrlError(url, QueueUrlError.SCHEME)
    return parsed.scheme


class LazySqliteStorage(SqliteStorage):  # type: ignore[misc]
    """A SQLite queue whose folder and tables are made on first use, not when it is built.

    So importing rcapp (every `rcapp` command) creates nothing, and `rcapp check` can say that
    a mistyped queue path does not exist instead of creating it (QA43 D4).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["create_tables"] = False
        self._schema_made = False
        super().__init__(*args, **kwargs)

    def _create_connection(self) -> Any:
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        conn = super()._create_connection()
        if not self._schema_made:
            conn.execute(self.begin_sql)
            for sql in self.ddl:
                conn.execute(sql)
            conn.execute("commit")
            self._schema_made = True
        return conn


class LazySqliteHuey(SqliteHuey):  # type: ignore[misc]
    storage_class = LazySqliteStorage


def make_huey(url: str | None, database_url: str | None = None) -> Huey:
    """Build the Huey instance for a queue URL, else for the database's own queue file."""
    if not url:
        return _sqlite_huey(str(default_queue_file(database_url)))
    if _checked_url(url) == "sqlite":
        return _sqlite_huey(url.removeprefix("sqlite:///"))
    return RedisHuey(QUEUE_NAME, url=url)


def _sqlite_huey(filename: str) -> Huey:
    # WAL (Huey's default) and the database's busy timeout, not Huey's 5 s: the requests that
    # enqueue and the worker's threads (a retry's reschedule) wait their turn as they do there.
    return LazySqliteHuey(QUEUE_NAME, filename=filename, timeout=db.SQLITE_BUSY_TIMEOUT_MS / 1000)


def queue_file(found: Huey) -> Path | None:
    """Return the SQLite file of a queue; None for Redis."""
    filename = getattr(found.storage, "filename", None)
    return Path(filename) if filename else None


def location(found: Huey) -> str:
    """Say where a queue is: its SQLite file, or its Redis address (no password) and db.

    `rcapp worker` prints it so that the operator can check that the app and the worker
    read the same queue (docs/deployment.md).
    """
    filename = getattr(found.storage, "filename", None)
    if filename:
        return str(filename)
    conn = getattr(found.storage, "conn", None)
    pool = getattr(conn, "connection_pool", None)
    kwargs: dict[str, Any] = dict(getattr(pool, "connection_kwargs", None) or {})
    if not kwargs:
        return type(found).__name__
    db_number = kwargs.get("db", 0)
    user = "***@" if kwargs.get("password") or kwargs.get("username") else ""
    if kwargs.get("path"):
        return f"Redis unix://{user}{kwargs['path']}?db={db_number}"
    connection_class = getattr(pool, "connection_class", None)
    scheme = "rediss" if "ssl" in getattr(connection_class, "__name__", "").lower() else "redis"
    return f"Redis {scheme}://{user}{kwargs.get('host')}:{kwargs.get('port')}/{db_number}"


def _module_huey() -> tuple[Huey, QueueUrlError | None]:
    """Build the process's queue; a malformed URL gives a queue that refuses work, and why.

    The tasks are declared on it when their modules are imported, so it must exist; the
    problem (`url_problem`, worded by rcapp.queue_words) is what `rcapp check` reports and
    every other command, and wsgi.py, stop on.
    """
    try:
        url, database_url = os.environ.get("RCAPP_QUEUE_URL"), os.environ.get("RCAPP_DATABASE_URL")
        return make_huey(url, database_url), None
    except QueueUrlError as exc:
        return MemoryHuey(QUEUE_NAME), exc


huey, url_problem = _module_huey()
_worker_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Remember the app for tasks run by the worker; immediate mode under test."""
    global _worker_app
    _worker_app = app
    huey.immediate = bool(app.config.get("QUEUE_IMMEDIATE", app.testing))


def app_task(**task_options: Any) -> Callable[[Callable[P, R]], Any]:
    """Declare a Huey task whose body runs in an app context and commits at the end."""
    return _in_app(huey.task(**task_options))


def app_periodic_task(
    validate_datetime: Callable[[dt.datetime], bool], **task_options: Any
) -> Callable[[Callable[P, R]], Any]:
    """Declare a task the worker's scheduler starts by itself, as `app_task` runs it.

    `validate_datetime` is usually a `huey.crontab`, read in UTC: Huey's default, which
    make_huey keeps. Only a running `rcapp worker` starts these (its consumer's scheduler);
    in immediate mode (tests) nothing is scheduled and the task runs only when called.
    """
    return _in_app(huey.periodic_task(validate_datetime, **task_options))


def _in_app(declare: Callable[[Callable[..., Any]], Any]) -> Callable[[Callable[P, R]], Any]:
    def decorate(fn: Callable[P, R]) -> Any:
        @functools.wraps(fn)
        def run_in_app(*args: P.args, **kwargs: P.kwargs) -> R:
            if has_app_context():
                return _run_and_commit(fn, *args, **kwargs)
            with _app_for_worker().app_context():
                return _run_and_commit(fn, *args, **kwargs)

        return declare(run_in_app)

    return decorate


def _run_and_commit(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    session = db.session()
    began = time.monotonic()
    logger.info("Task %s%s started", fn.__name__, _shown(args))
    try:
        result = fn(*args, **kwargs)
        session.commit()
    except Exception:
        session.rollback()
        logger.exception("Task %s failed", fn.__name__)
        raise
    logger.info("Task %s%s finished in %.1f s", fn.__name__, _shown(args), time.monotonic() - began)
    return result


def _shown(args: tuple[Any, ...]) -> str:
    return "(" + ", ".join(str(arg)[:40] for arg in args) + ")"


def log_to_stderr() -> None:
    """Send the worker's log lines, with time and level, to stderr (the journal).

    rcapp's from INFO (each task started and finished), Huey's from WARNING. Without it the
    worker's warnings came bare, without time or level, and its INFO lines not at all (QA35 S4).
    """
    for name, level in (("rcapp", logging.INFO), ("huey", logging.WARNING)):
        found = logging.getLogger(name)
        found.setLevel(level)
        if default_handler not in found.handlers:
            found.addHandler(default_handler)


def _app_for_worker() -> Flask:
    # The worker process built the app (`rcapp worker` runs inside the Flask CLI), and
    # init_app remembered it; importing the factory here would tie the queue to every domain.
    if _worker_app is None:
        raise RuntimeError("no application registered with the task queue (init_app)")
    return _worker_app


# An idle consumer waits longer and longer between looks at the queue (Huey: x1.15 up to
# 10 s by default), so a scorecard asked for after a quiet minute waited up to 10 s before its
# 3 s of rendering (qa21 S11: 12-13 s to the download on an idle system). A look at an
# empty SQLite or Redis queue costs next to nothing: at most one second.
WORKER_MAX_DELAY = 1.0


def run_worker(workers: int) -> None:
    """Run the Huey consumer in this process until interrupted."""
    if huey.immediate:
        raise RuntimeError("the queue is in immediate mode; nothing to consume")
    if url_problem:
        raise RuntimeError(str(url_problem))
    try:
        huey.pending_count()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it stops the worker
        raise RuntimeError(f"cannot reach the queue {location(huey)}: {exc}") from exc
    log_to_stderr()
    logger.info("Task worker started with %s threads on the queue %s", workers, location(huey))
    # periodic: the consumer's scheduler starts the `app_periodic_task`s (daily reminders).
    # Each worker runs one; a task run twice the same day finds its work done.
    huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, max_delay=WORKER_MAX_DELAY
    ).run()
