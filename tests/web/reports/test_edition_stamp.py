"""A published annual report says its edition and publication date in the PDF itself."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_day
from rcapp.cycles.models import CycleStatus
from rcapp.reports import edition_stamp, editions, jobs, stamp_states, tasks
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import World
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.reports.test_editions import closed_world


def _made(world: World, lang: str) -> ReportJob:
    """A real annual report of the closed year, made by the worker (immediate in tests)."""
    job = jobs.request_job(JobKind.ANNUAL_REPORT, world.secretariat, cycle=world.cycle, lang=lang)
    tasks.enqueue(job)
    assert job.status is JobStatus.DONE
    return job


def _download(client: FlaskClient, url: str) -> bytes:
    response = client.get(url)
    data = response.get_data()
    response.close()
    assert response.status_code == 200
    return data


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "mark"),
    [("zh", "正式版第 1 版 · {date} 发布"), ("en", "Edition 1 · published {date}")],
)
def test_the_published_pdf_names_its_edition_and_date(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, mark: str
) -> None:
    world = closed_world(db_session)
    job = _made(world, lang)
    db_session.commit()
    original = job.result_file
    before = pdf_text(_download_file(job))
    assert "正式版第" not in before
    assert "Edition 1" not in before
    auth.login(world.secretariat.email)
    assert client.post(f"/reports/jobs/{job.id}/publish").status_code == 302
    db_session.refresh(job)
    assert job.published_at is not None
    assert stamp_states.is_stamped(job)
    assert job.result_file != original
    assert not (jobs.jobs_dir() / str(original)).exists()  # the old file goes once replaced
    expected = mark.format(date=beijing_day(job.published_at).isoformat())
    auth.login(world.user_a.email)
    text = pdf_text(_download(client, f"/reports/annual-reports/{job.id}/download"))
    # on the cover and in the footer of every page
    assert text.count(expected) >= 2
    assert text.count(expected) >= text.count("\f")


def _download_file(job: ReportJob) -> bytes:
    path = jobs.result_path(job)
    assert path is not None
    return path.read_bytes()


def test_a_year_reopened_before_the_stamp_keeps_the_file_as_published(
    db_session: Session,
) -> None:
    world = closed_world(db_session)
    job = jobs.request_job(JobKind.ANNUAL_REPORT, world.secretariat, cycle=world.cycle)
    jobs.store_result(job, b"%PDF-1.7 edition", "annual-report.pdf", "application/pdf")
    editions.publish(job, world.secretariat)
    world.cycle.status = CycleStatus.OPEN
    db_session.commit()
    stored = job.result_file
    edition_stamp.stamp_edition(job.id)
    db_session.refresh(job)
    assert job.result_file == stored
    assert not stamp_states.is_stamped(job)
    assert _download_file(job) == b"%PDF-1.7 edition"
