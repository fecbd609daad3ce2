"""Held bulk evidence when two tabs add or confirm at the same moment: no file is lost."""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path
from typing import IO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import held_evidence, storage
from rcapp.assessments.models import Assessment, Attachment
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.helpers import PDF, member_with_assessment
from tests.web.test_bulk_evidence import (  # noqa: F401 - the fixture clears held files
    _choose,
    _confirm,
    _no_held_files,
    _shown,
    _text,
)


def _draft(db_session: Session, auth: AuthActions) -> tuple[World, Assessment]:
    world, assessment = member_with_assessment(db_session, auth)
    return world, assessment


def _page(client: FlaskClient, assessment: Assessment) -> str:
    return client.get(f"/assessments/{assessment.id}/evidence/bulk").get_data(as_text=True)


def test_two_tabs_adding_at_once_both_keep_their_files_and_confirm_stores_both(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world, assessment = _draft(db_session, auth)
    # Both tabs are inside their add together when nothing keeps them apart; with the
    # folder's lock the second waits, so the meeting point gives up after a moment.
    meeting = threading.Barrier(2, timeout=1)
    store = storage.store_upload

    def store_when_both_are_in(
        stream: IO[bytes], filename: str, limit: int, directory: Path
    ) -> storage.StoredFile:
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait()
        return store(stream, filename, limit, directory)

    monkeypatch.setattr(storage, "store_upload", store_when_both_are_in)
    failures: list[BaseException] = []

    def add(name: str, content: bytes) -> None:
        with app.app_context():
            try:
                held_evidence.hold_files(assessment, world.user_a, [(name, io.BytesIO(content))])
            except BaseException as exc:  # reported by the test, not lost in the thread
                failures.append(exc)

    tabs = [
        threading.Thread(target=add, args=("C1.E1.1 演练记录.pdf", PDF + b"tab 1")),
        threading.Thread(target=add, args=("MS.G1.1 承诺书.pdf", PDF + b"tab 2")),
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert failures == []

    page = _page(client, assessment)
    assert set(_shown(page)) == {"C1.E1.1 演练记录.pdf", "MS.G1.1 承诺书.pdf"}
    status, done = _confirm(client, assessment.id, page)
    assert status == 200
    assert "已为 2 项上传 2 个文件" in _text(done)
    stored = {(a.item_id, a.original_name) for a in db_session.query(Attachment)}
    assert stored == {("C1.E1.1", "C1.E1.1 演练记录.pdf"), ("MS.G1.1", "MS.G1.1 承诺书.pdf")}


@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_confirm_or_cancel_leaves_held_the_files_another_tab_added_after_the_preview(
    client: FlaskClient, db_session: Session, auth: AuthActions, action: str
) -> None:
    _world, assessment = _draft(db_session, auth)
    first = _choose(client, assessment.id, {"C1.E1.1 演练记录.pdf": PDF + b"1"})
    _choose(client, assessment.id, {"MS.G1.1 承诺书.pdf": PDF + b"2"})  # the other tab

    if action == "confirm":
        status, done = _confirm(client, assessment.id, first)  # the first tab's preview
        assert status == 200
        assert "已为 1 项上传 1 个文件" in _text(done)
    else:
        shown = list(_shown(first).values())
        client.post(
            f"/assessments/{assessment.id}/evidence/bulk/confirm",
            data={"action": "cancel", "shown": shown},
        )

    stored = {a.original_name for a in db_session.query(Attachment)}
    assert stored == ({"C1.E1.1 演练记录.pdf"} if action == "confirm" else set())
    assert set(_shown(_page(client, assessment))) == {"MS.G1.1 承诺书.pdf"}
