"""A scorecards archive made before its year was reopened carries a note saying so.

Its scorecards say "年度关闭时冻结的结果"; after a reopen that is the earlier close's. The
download adds 说明-README.txt (Chinese and English: made when, reopened when); the stored
archive stays as it was, and an archive made after the latest close gets no note.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import to_beijing
from rcapp.db import utcnow
from rcapp.reports import editions, jobs
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.producers import ZIP
from rcapp.reports.reopened_note import NOTE_NAME
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.test_editions import CLOSED_AT, closed_world
from tests.web.reports.test_stale_editions import _reopen

SCORECARD = "scorecard-东海精细化工.pdf"


def _archive(world: World, made: dt.datetime) -> ReportJob:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(SCORECARD, b"%PDF-1.7 frozen at the close")
    job = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    jobs.store_result(job, buffer.getvalue(), "scorecards-2025.zip", ZIP)
    job.created_at = made
    return job


def _download(client: FlaskClient, job: ReportJob) -> zipfile.ZipFile:
    response = client.get(f"/reports/jobs/{job.id}/download")
    assert response.status_code == 200
    assert "scorecards-2025-edition-1.zip" in response.headers["Content-Disposition"]
    data = response.get_data()
    response.close()
    return zipfile.ZipFile(io.BytesIO(data))


def test_an_archive_made_before_the_reopen_says_so_inside(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    job = _archive(world, CLOSED_AT + dt.timedelta(hours=1))
    editions.publish(job, world.secretariat)
    db_session.commit()
    stored = (jobs.jobs_dir() / str(job.result_file)).read_bytes()
    reopened_on = _reopen(world, db_session, close_again=True)
    auth.login(world.secretariat.email)

    archive = _download(client, job)
    assert archive.namelist() == [SCORECARD, NOTE_NAME]
    assert archive.read(SCORECARD) == b"%PDF-1.7 frozen at the close"
    note = archive.read(NOTE_NAME).decode("utf-8-sig")
    made = f"{to_beijing(CLOSED_AT + dt.timedelta(hours=1)):%Y-%m-%d %H:%M}"
    assert f"本压缩包（2025 年度评分卡，正式版第 1 版）生成于 {made}（北京时间）" in note
    assert f"早于该年度在 {reopened_on}" in note
    assert "“年度关闭时冻结的结果”，是重新开放之前那次关闭时冻结的结果" in note
    assert f"This archive (2025 scorecards, edition 1) was made on {made} (Beijing time)" in note
    assert f"before the year was reopened on {reopened_on}" in note
    assert '"Result frozen when the year was closed"' in note
    assert "\r\n" in note  # lines Windows' Notepad breaks
    # the file kept for the edition is not rewritten
    assert (jobs.jobs_dir() / str(job.result_file)).read_bytes() == stored


def test_an_archive_made_after_the_latest_close_has_no_note(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    _reopen(world, db_session, close_again=True)
    job = _archive(world, utcnow() + dt.timedelta(minutes=1))
    editions.publish(job, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    assert _download(client, job).namelist() == [SCORECARD]
