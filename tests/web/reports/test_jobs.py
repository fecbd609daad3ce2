"""Report jobs: started from the cycle page, run on the queue, fetched only by who may."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.reports import jobs, producers
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import World, make_user, make_world, start, submitted_assessment
from tests.pdf_tools import embedded_cjk_subset, needs_poppler, pdf_text


def fetch(response: TestResponse) -> bytes:
    """Read a streamed file response and close it (the file handle with it)."""
    try:
        assert response.status_code == 200
        return response.get_data()
    finally:
        response.close()


def submitted_world(db_session: Session) -> World:
    world = make_world()
    submitted_assessment(world)
    db_session.commit()
    return world


def start_job(client: FlaskClient, world: World, kind: str, lang: str = "zh") -> ReportJob:
    response = client.post(
        f"/reports/cycles/{world.cycle.id}/jobs", data={"kind": kind, "lang": lang}
    )
    assert response.status_code == 302
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    from rcapp import db

    found = db.session().get(ReportJob, job_id)
    assert found is not None
    return found


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["2025 年度责任关怀报告", "星级分布", "目录"]),
        ("en", ["Responsible Care Annual Report 2025", "Star distribution", "Contents"]),
    ],
)
def test_annual_report_job_runs_and_its_file_downloads(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)
    job = start_job(client, world, "annual_report", lang)
    db_session.refresh(job)
    assert job.status is JobStatus.DONE
    assert job.progress == 100
    page = client.get(f"/reports/jobs/{job.id}")
    assert "Refresh" not in page.headers
    assert "http-equiv" not in page.get_data(as_text=True)
    assert f"/reports/jobs/{job.id}/download" in page.get_data(as_text=True)
    download = client.get(f"/reports/jobs/{job.id}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    data = fetch(download)
    text = pdf_text(data)
    for word in words:
        assert word in text
    name = world.org_a.name_zh if lang == "zh" else world.org_a.name_en
    assert name is not None
    assert name in text  # the star-rated list, or at least the heat map's organisations
    assert embedded_cjk_subset(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecards_zip_names_each_organisation_and_holds_only_results(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    # Files were named by credit code only, and drafts were zipped as if they were results.
    world = make_world()
    world.org_a.name_zh = "江北/新材料..有限公司"  # a separator in a name makes no folder
    world.org_a.name_en = "Jiangbei New Materials Co., Ltd."
    submitted_assessment(world)
    start(world, world.org_b)  # a draft
    db_session.commit()
    auth.login(world.secretariat.email)
    job = start_job(client, world, "scorecards", lang)
    db_session.refresh(job)
    assert job.status is JobStatus.DONE
    archive = zipfile.ZipFile(io.BytesIO(fetch(client.get(f"/reports/jobs/{job.id}/download"))))
    (member,) = archive.infolist()
    code = world.org_a.credit_code
    expected = {"zh": "江北-新材料", "en": "Jiangbei-New-Materials"}[lang]
    suffix = "-en" if lang == "en" else ""
    assert member.filename == f"scorecard-{expected}-{code}-2025{suffix}.pdf"
    if lang == "zh":
        assert member.flag_bits & 0x800  # the UTF-8 flag: unzip tools show the Chinese name
    assert world.org_b.credit_code not in " ".join(archive.namelist())


def test_only_the_requester_and_the_secretariat_fetch_a_job(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = submitted_world(db_session)
    other_secretariat = make_user(is_secretariat=True)
    db_session.commit()
    auth.login(world.secretariat.email)
    job = start_job(client, world, "annual_workbook")
    auth.logout()
    auth.login(world.user_a.email)
    assert client.get(f"/reports/jobs/{job.id}").status_code == 403
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 403
    assert (
        client.post(
            f"/reports/cycles/{world.cycle.id}/jobs", data={"kind": "annual_workbook"}
        ).status_code
        == 403
    )
    assert f"#{job.id}" not in client.get("/reports/jobs").get_data(as_text=True)
    auth.logout()
    auth.login(other_secretariat.email)
    assert fetch(client.get(f"/reports/jobs/{job.id}/download"))


def test_a_failed_job_says_why_and_can_be_retried(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)

    def broken(job: ReportJob, progress: producers.Progress) -> producers.Product:
        raise OSError("disk full")

    monkeypatch.setitem(producers.PRODUCERS, JobKind.ANNUAL_WORKBOOK, broken)
    job = start_job(client, world, "annual_workbook")
    db_session.refresh(job)
    assert job.status is JobStatus.FAILED
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    # In words, not the exception's text (which is in the log).
    assert "生成失败：服务器无法保存或读取文件（例如磁盘已满）" in page
    assert "OSError" not in page
    assert "disk full" not in page
    assert job.error == "storage"
    monkeypatch.undo()
    assert client.post(f"/reports/jobs/{job.id}/retry").status_code == 302
    db_session.refresh(job)
    assert job.status.value == "done"  # (mypy narrowed the status to FAILED above)
    assert fetch(client.get(f"/reports/jobs/{job.id}/download"))


def test_a_running_job_page_follows_the_job_without_reloading_itself(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # A Refresh header reloaded the page every 3 s, sending keyboard focus and a screen
    # reader back to the top (WCAG F41); js/job.js polls instead, <noscript> keeps a reload.
    world = submitted_world(db_session)
    job = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}")
    assert "Refresh" not in page.headers
    text = page.get_data(as_text=True)
    assert "可以离开本页" in text
    head = text.split("</head>", 1)[0]
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in head
    assert 'id="job-panel" aria-labelledby="job-state" data-poll="3"' in text
    assert 'role="status" id="job-announce"' in text
    assert "js/job.js" in text


def test_expired_files_are_gone(
    client: FlaskClient, db_session: Session, auth: AuthActions, reports_dir: Path
) -> None:
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)
    job = start_job(client, world, "scorecards")
    db_session.refresh(job)
    assert job.result_file is not None
    stored = reports_dir / job.result_file
    assert stored.is_file()
    job.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db_session.commit()
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 410
    assert jobs.purge_expired() == 1
    assert not stored.exists()


def test_job_pages_give_beijing_time_like_every_other_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)
    job = start_job(client, world, "annual_workbook", "en")
    # 22:30 UTC is 06:30 the next morning in Beijing.
    job.created_at = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)
    job.expires_at = dt.datetime(2099, 3, 8, 22, 30, tzinfo=dt.UTC)
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "2026-03-02 06:30（北京时间）" in page
    assert "文件保留到 2099-03-09 06:30（北京时间）。" in page
    assert "UTC" not in page
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert "2026-03-02 06:30（北京时间）" in listing
    assert '<td data-label="语言">英文</td>' in listing  # in the page's language (qa69 m6)
    assert "UTC" not in listing


def test_a_report_is_dated_by_the_beijing_day(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rcapp.reports import data_annual_report

    world = submitted_world(db_session)
    monkeypatch.setattr(data_annual_report, "beijing_today", lambda: dt.date(2026, 3, 2))
    report = data_annual_report.build_annual_report(world.cycle, "zh")
    assert report.generated_on == dt.date(2026, 3, 2)


def test_the_report_language_starts_as_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert '<option value="en" lang="en">English</option>' in page
    client.get("/lang/en")
    page = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert '<option value="en" lang="en" selected>English</option>' in page


def test_the_job_list_names_each_jobs_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # With several years' reports the list said only "年度报告（PDF） #1" (QA8 S6).
    world = submitted_world(db_session)
    auth.login(world.secretariat.email)
    start_job(client, world, "annual_workbook", "zh")
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert '<th scope="col">年度</th>' in listing
    assert f'<td data-label="年度">{world.cycle.year}</td>' in listing
    client.get("/lang/en")
    english = client.get("/reports/jobs").get_data(as_text=True)
    assert '<th scope="col">Year</th>' in english
    assert f'<td data-label="Year">{world.cycle.year}</td>' in english
