"""Eight people at once on the embedded SQLite database: no "database is locked", no lost write.

Runs against a real file database (the suite's savepoint fixture would hide locking), with
one thread per person doing what people do at nine o'clock: log in, save, log out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from rcapp import create_app, db
from rcapp.accounts import services
from rcapp.accounts.models import User
from rcapp.db import (
    ENGINE_KEY,
    DeferredWriteError,
    deferred_transactions,
    immediate_transactions,
    make_engine,
)
from rcapp.dbcli import upgrade_database
from tests.conftest import TEST_RUBRICS_DIR

PEOPLE = 8
ROUNDS = 2
PASSWORD = "correct horse battery"


@pytest.fixture
def file_app(tmp_path: Path) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    upgrade_database(url)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "SQLITE_GUARD_WRITES": True,
        }
    )
    with app.app_context():
        for n in range(PEOPLE):
            services.create_user(f"p{n}@example.cn", f"同事{n}", password=PASSWORD)
        db.session().commit()
    yield app
    app.extensions[ENGINE_KEY].dispose()


def test_the_file_database_runs_in_wal_mode(file_app: Flask) -> None:
    with file_app.extensions[ENGINE_KEY].connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


def test_eight_people_log_in_and_save_at_once_without_errors(file_app: Flask) -> None:
    start = threading.Barrier(PEOPLE)
    failures: list[str] = []

    def person(n: int) -> None:
        client = file_app.test_client()
        email = f"p{n}@example.cn"
        password = PASSWORD
        start.wait(timeout=30)
        try:
            for round_ in range(ROUNDS):
                login = client.post("/login", data={"email": email, "password": password})
                if login.status_code != 302:
                    failures.append(f"{email} login {round_}: {login.status_code}")
                    return
                new_password = f"{PASSWORD} {n}-{round_}"
                saved = client.post(
                    "/account/password",
                    data={
                        "current_password": password,
                        "password": new_password,
                        "confirm": new_password,
                    },
                )
                if saved.status_code != 302:
                    failures.append(f"{email} save {round_}: {saved.status_code}")
                    return
                password = new_password
                client.post("/logout")
        except Exception as exc:  # noqa: BLE001 - every error is a failure of this test
            failures.append(f"{email}: {exc!r}")

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    with file_app.app_context():
        users = db.session().scalars(select(User).order_by(User.email)).all()
        for n, user in enumerate(users):
            # Every person's last save is there: nothing was lost or rolled back.
            assert services.password_matches(user, f"{PASSWORD} {n}-{ROUNDS - 1}")
            assert user.last_login_at is not None


def test_work_outside_requests_takes_the_write_lock_up_front_unless_deferred(
    tmp_path: Path,
) -> None:
    """A CLI command or task locks out other writers at BEGIN; a deferred reader does not."""
    engine = make_engine(f"sqlite:///{tmp_path / 'locks.sqlite3'}", busy_timeout_ms=50)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))

    def other_writer_succeeds() -> bool:
        """Write from another thread (which starts outside any deferred block)."""
        outcome: list[bool] = []

        def write() -> None:
            try:
                with engine.begin() as writer:
                    writer.execute(text("INSERT INTO t VALUES (1)"))
            except OperationalError:
                outcome.append(False)
            else:
                outcome.append(True)

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(timeout=30)
        return outcome == [True]

    with engine.connect() as holder, holder.begin():
        holder.execute(text("SELECT COUNT(*) FROM t"))
        assert not other_writer_succeeds()
    with deferred_transactions(), engine.connect() as reader, reader.begin():
        reader.execute(text("SELECT COUNT(*) FROM t"))
        assert other_writer_succeeds()
    engine.dispose()


def test_a_write_in_a_deferred_transaction_is_refused_when_guarded(tmp_path: Path) -> None:
    """The guard makes a latent "database is locked" (a GET page that writes) fail every time."""
    engine = make_engine(f"sqlite:///{tmp_path / 'guard.sqlite3'}", guard_writes=True)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    with deferred_transactions(), engine.connect() as reader, reader.begin():
        reader.execute(text("SELECT COUNT(*) FROM t"))
        with pytest.raises(DeferredWriteError):
            reader.execute(text("INSERT INTO t VALUES (1)"))
    with deferred_transactions(), immediate_transactions(), engine.begin() as writer:
        writer.execute(text("INSERT INTO t VALUES (2)"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x FROM t")).scalars().all() == [2]
    engine.dispose()


def test_the_language_switch_writes_in_a_transaction_that_holds_the_lock(file_app: Flask) -> None:
    """/lang/en is a GET: its own transaction is deferred, so the choice is written apart.

    Written inside the page's transaction, it answered 500 "database is locked" when a
    colleague's save came first (accessibility tester, five sessions at once).
    """
    client = file_app.test_client()
    assert (
        client.post("/login", data={"email": "p0@example.cn", "password": PASSWORD}).status_code
        == 302
    )
    switched = client.get("/lang/en?next=/")
    assert switched.status_code == 302
    with file_app.app_context():
        user = db.session().scalars(select(User).where(User.email == "p0@example.cn")).one()
        assert user.language == "en"
    assert "Log out" in client.get("/").get_data(as_text=True)


def test_the_accounts_service_stores_a_language_apart_from_a_reading_page(file_app: Flask) -> None:
    """services.store_language, called by the switch: the page's own transaction only reads."""
    with file_app.test_request_context("/lang/en"):  # a GET: its transactions begin deferred
        user = db.session().scalars(select(User).where(User.email == "p1@example.cn")).one()
        services.store_language(user, "en")  # a write in the page's transaction is refused
        assert user.language == "en"
        assert user not in db.session().dirty  # nothing left for the page to write
        db.session().rollback()
    with file_app.app_context():
        stored = db.session().scalars(select(User).where(User.email == "p1@example.cn")).one()
        assert stored.language == "en"
