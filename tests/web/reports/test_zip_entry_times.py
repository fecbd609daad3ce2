"""The ZIP files' members are dated in Beijing time, as every page shows times.

A scorecards archive made at 18:05 (the job page's time) listed its PDFs at 10:05: zipfile
dated them with the server's clock, in UTC. The note added to an archive made before a
reopen was dated the same way.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.clock import BEIJING, beijing_now
from rcapp.reports import documents, jobs, producers, zip_entries
from rcapp.reports.models import JobKind
from tests.factories import make_assessment
from tests.web.reports.test_editions import closed_world


def _near_beijing_now(date_time: tuple[int, int, int, int, int, int]) -> bool:
    written = dt.datetime(*date_time, tzinfo=BEIJING)
    return abs(beijing_now() - written) < dt.timedelta(minutes=5)


def test_the_scorecards_archive_dates_its_pdfs_in_beijing_time(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = closed_world(db_session)
    make_assessment(world.org_a, world.cycle, status=AssessmentStatus.SUBMITTED)
    job = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    db_session.commit()
    monkeypatch.setattr(documents, "scorecard_pdf", lambda *_a, **_k: b"%PDF-1.7 card")
    data, _name, _type = producers.scorecards(job, lambda _done, _total: None)
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert members
    assert all(_near_beijing_now(member.date_time) for member in members)
    assert all(member.external_attr >> 16 == 0o644 for member in members)


def test_a_member_keeps_the_time_it_is_given() -> None:
    buffer = io.BytesIO()
    made = dt.datetime(2026, 3, 2, 10, 5, tzinfo=dt.UTC)
    with zipfile.ZipFile(buffer, "w") as archive:
        zip_entries.add_member(archive, "说明-README.txt", b"note", made)
    member = zipfile.ZipFile(buffer).infolist()[0]
    assert member.date_time == (2026, 3, 2, 18, 5, 0)
    assert member.compress_type == zipfile.ZIP_DEFLATED
