"""An edition's queued stamp no worker takes says so; a failed one says why in sentences.

"正在加盖版次…" stayed for ever with the worker stopped: past the rule of a queued job
(job_words.unattended_minutes: queued two minutes, no worker seen within them) the row says
what a stalled job's page says, the worker may not be running and whom to ask. A failure read
"Adding the edition line failed an error occurred while producing it: try again; ...": now
the short reason is a sentence of its own, then what to do, with the error number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.db import utcnow
from rcapp.reports import documents, edition_stamp, job_words, stamp_states
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import Stamp, StampState, note_stamp, stamp_of
from tests.conftest import AuthActions
from tests.web.reports.edition_stamps import as_secretariat, edition_row, published
from tests.web.reports.test_editions import closed_world, finished

STALLED = {
    "zh": (
        "这个任务已排队 5 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行。"
        "请联系系统管理员检查并启动它。启动后任务会自动继续，无需重新提交。"
    ),
    "en": (
        "This job has been queued for 5 minutes and has not started: the background worker"
        " (rcapp worker) may not be running. Ask the system administrator to check it and"
        " start it."
    ),
}
FAILED = {
    ("zh", job_words.STORAGE): (
        "服务器无法保存或读取文件（例如磁盘已满）。"
        "请点“重新加盖”重试；如仍失败，请联系系统管理员（错误编号 {number}）。"
    ),
    ("zh", job_words.INTERNAL): (
        "生成带版次的文件时出错。"
        "请点“重新加盖”重试；如仍失败，请联系系统管理员（错误编号 {number}）。"
    ),
    ("en", job_words.STORAGE): (
        "The server could not save or read a file (for example, the disk is full)."
        " Click “Stamp again” to try again; if it fails again, ask the system administrator"
        " (error number {number})."
    ),
    ("en", job_words.INTERNAL): (
        "An error occurred while producing the file with its edition stamp."
        " Click “Stamp again” to try again; if it fails again, ask the system administrator"
        " (error number {number})."
    ),
}


def _queued_long_ago(db_session: Session, job: ReportJob) -> None:
    """Queue the stamp 5 minutes ago; the worker last showed life 10 minutes ago."""
    note_stamp(job, StampState.PENDING, utcnow() - dt.timedelta(minutes=5, seconds=10))
    db_session.flush()
    db_session.execute(update(ReportJob).values(updated_at=utcnow() - dt.timedelta(minutes=10)))
    db_session.commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_queued_stamp_with_no_live_worker_says_the_worker_may_not_be_running(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    job = published(world, db_session)
    as_secretariat(client, auth, world, lang)
    assert "edition-stamp-stalled" not in edition_row(client, world, job)  # just queued

    _queued_long_ago(db_session, job)
    row = edition_row(client, world, job)
    assert "edition-stamp-stalled" in row
    assert STALLED[lang] in row

    finished(world)  # a worker finished a job just now: it is alive, the stamp waits its turn
    db_session.commit()
    row = edition_row(client, world, job)
    assert "edition-stamp-stalled" not in row
    assert STALLED[lang] not in row


def test_a_stamp_a_worker_has_taken_is_not_waiting(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    job = published(world, db_session)
    _queued_long_ago(db_session, job)
    stamp_states.note_taken(job)  # rendering takes minutes, with no job row moving meanwhile
    db_session.commit()
    as_secretariat(client, auth, world, "zh")
    row = edition_row(client, world, job)
    assert "正在加盖版次…" in row
    assert "edition-stamp-stalled" not in row


def test_the_worker_marks_the_stamp_taken_before_it_renders(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = closed_world(db_session)
    job = published(world, db_session)
    during: list[Stamp | None] = []

    def render(*_args: object, **_kwargs: object) -> bytes:
        during.append(stamp_of(job))
        return b"%PDF-1.7 stamped"

    monkeypatch.setattr(documents, "annual_report_pdf", render)
    edition_stamp.stamp_edition(job.id)
    assert during
    assert during[0] is not None
    assert during[0].state is StampState.PENDING
    assert during[0].taken


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", [job_words.STORAGE, job_words.INTERNAL])
def test_a_failed_stamp_says_why_in_sentences_with_its_error_number(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, kind: str
) -> None:
    world = closed_world(db_session)
    job = published(world, db_session)
    number = f"{job.id}/2026-12-06 12:00:00 UTC"
    note_stamp(job, StampState.FAILED, error=kind, number=number)
    db_session.commit()
    as_secretariat(client, auth, world, lang)
    row = " ".join(edition_row(client, world, job).split())
    assert FAILED[lang, kind].format(number=number) in row
    assert "edition-stamp-stalled" not in row
