"""A section save holds SQLite's write lock only for the save itself (qa41 S4).

A form post's transaction began with BEGIN IMMEDIATE at its first statement (the user's
row), so reading the stored answers, parsing the form and rendering the page again held
the lock every other save waited for: six people saving at once took 1.5-3 s each. The
section page now reads before and after the save in deferred transactions, as a GET does
(db.reads_first), and takes the lock only for the save and the files (db.writes).
Observed here as the transactions the requests begin: whether a BEGIN then would take the
write lock, and which statements run inside such a transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import services
from tests.two_sessions import chen_and_li as _colleagues
from tests.two_sessions import stored_answer as _stored
from tests.web.test_conflict_keeps_untouched_fields import _opened


class _Locked:
    """Statements run in a transaction that began as a writer's (BEGIN IMMEDIATE on SQLite)."""

    def __init__(self) -> None:
        self.writing = False
        self.saving = False
        self.outside_save: list[str] = []

    def began(self, _session: Session, _transaction: Any, _connection: Any) -> None:
        self.writing = not db._reads_only()

    def ended(self, _session: Session, *_args: Any) -> None:
        self.writing = False

    def statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = " ".join(statement.split())
        if self.writing and not self.saving and "SAVEPOINT" not in words:  # the tests' commits
            self.outside_save.append(words[:80])


@pytest.fixture
def locked(connection: Connection, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Locked]:
    found = _Locked()
    save = services.save_section

    def saving(*args: Any, **kwargs: Any) -> Any:
        found.saving = True
        try:
            return save(*args, **kwargs)
        finally:
            found.saving = False

    monkeypatch.setattr(services, "save_section", saving)
    listeners: list[tuple[Any, str, Callable[..., Any]]] = [
        (Session, "after_begin", found.began),
        (Session, "after_commit", found.ended),
        (Session, "after_soft_rollback", found.ended),
        (connection, "before_cursor_execute", found.statement),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    yield found
    for target, name, listener in listeners:
        event.remove(target, name, listener)


def test_a_section_save_reads_and_parses_before_the_lock_and_after_it(
    app: Flask, client: FlaskClient, connection: Connection, locked: _Locked
) -> None:
    assessment_id, _li = _colleagues(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    opened = _opened(client, url, "C1.E1.1__version")
    locked.outside_save.clear()

    saved = client.post(url, data={**opened, "C1.E1.1__evidence_note": "演练记录 HD-3"})

    assert saved.status_code == 302
    # Nothing but the save in a writer's transaction: the user's row, the stored answers,
    # the assessment and the page's warnings are read without the lock.
    assert locked.outside_save == []
    assert _stored(app, assessment_id, "C1.E1.1").evidence_note == "演练记录 HD-3"


def test_a_refused_save_renders_the_page_again_outside_the_lock(
    app: Flask, client: FlaskClient, connection: Connection, locked: _Locked
) -> None:
    assessment_id, li = _colleagues(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    mine, theirs = _opened(client, url, "C1.E1.1__version"), _opened(li, url, "C1.E1.1__version")
    assert li.post(url, data={**theirs, "C1.E1.1__evidence_note": "李：HD-1"}).status_code == 302
    locked.outside_save.clear()

    refused = client.post(url, data={**mine, "C1.E1.1__evidence_note": "陈：HD-2"})

    assert refused.status_code == 409  # as before: the conflict is shown, the input kept
    assert "陈：HD-2" in refused.get_data(as_text=True)
    # Besides the save only the colleague's name, read for the notice right after it: the
    # page with the conflict is read and rendered without the lock.
    assert all(s.startswith("SELECT users.") for s in locked.outside_save), locked.outside_save
