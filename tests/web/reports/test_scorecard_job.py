"""The PDF scorecard runs as a report job (QA13 S21): a POST queues it or reuses one of the
same content, its page starts the download, and only who may see the result sees the job."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.audit.models import AuditEntry
from rcapp.reports import jobs, scorecard_job, tasks
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start, submitted_assessment
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard, start_scorecard
from tests.web.helpers import member_with_assessment


def _post(client: FlaskClient, assessment: Assessment, lang: str | None = None) -> ReportJob:
    """Press the scorecard button; return its job as the database holds it now."""
    found = db.session().get(ReportJob, start_scorecard(client, assessment.id, lang))
    assert found is not None
    db.session().refresh(found)
    return found


def _jobs_count(db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(ReportJob)) or 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_worker_makes_the_scorecard_in_the_language_asked(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    job = _post(client, assessment, lang)
    assert (job.kind, job.status, job.lang, job.cycle_id) == (
        JobKind.SCORECARD,
        JobStatus.DONE,
        lang,
        world.cycle.id,
    )
    assert jobs.params_of(job)["assessment_id"] == assessment.id
    download = fetch_scorecard(client, assessment.id, lang)
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    suffix = "-en" if lang == "en" else ""
    assert f"-{world.org_a.credit_code}-2025{suffix}.pdf" in download.headers["Content-Disposition"]


@needs_poppler
@pytest.mark.parametrize(("lang", "words"), [("zh", "管理体系"), ("en", "Management system")])
def test_the_pdf_is_written_in_the_language_asked(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    text = pdf_text(fetch_scorecard(client, assessment.id, lang).data)
    assert words in text
    name = world.org_a.name_zh if lang == "zh" else world.org_a.name_en
    assert name is not None
    assert name in text


def test_the_service_with_the_queue_in_immediate_mode(app: Flask, db_session: Session) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    with app.test_request_context():
        job, new = scorecard_job.request_scorecard(assessment, world.user_a, "en")
        db_session.commit()
        assert new
        tasks.enqueue(job)
        db_session.refresh(job)
        path = jobs.result_path(job)
        assert path is not None
        assert path.read_bytes().startswith(b"%PDF")
        assert job.lang == "en"
        assert job.result_name is not None
        assert job.result_name.endswith("-en.pdf")
        params = jobs.params_of(job)
        assert params["content"] == params["asked"]  # nothing changed in between
    logged = select(func.count()).where(AuditEntry.action.like("report_job.%"))
    assert db_session.scalar(logged) == 0  # a download, as it was: not in the year's log


def test_the_same_content_reuses_the_finished_job_and_a_change_does_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    first = _post(client, assessment)
    assert _post(client, assessment).id == first.id  # the same page: the same file
    assert _jobs_count(db_session) == 1
    english = _post(client, assessment, "en")
    assert english.id != first.id
    world.org_a.name_zh = "改名后的化工有限公司"  # printed on the scorecard
    db_session.commit()
    renamed = _post(client, assessment)
    assert renamed.id not in (first.id, english.id)
    assert "改名后的化工" in (renamed.result_name or "")
    assert _jobs_count(db_session) == 3


def test_a_draft_changed_after_its_scorecard_gets_a_new_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    first = _post(client, assessment)
    assert _post(client, assessment).id == first.id
    rubric = rubric_of(assessment)
    section = rubric.sections[0]
    item = section.elements[0].items[0]
    result = services.save_section(
        assessment, rubric, section.id, {item.id: ItemInput(level="2")}, world.user_a
    )
    assert result.ok, result.problems
    db_session.commit()
    assert _post(client, assessment).id != first.id


def test_an_expired_file_or_a_failed_job_is_not_reused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    first = _post(client, assessment)
    first.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db_session.commit()
    second = _post(client, assessment)
    assert second.id != first.id
    second.status = JobStatus.FAILED
    db_session.commit()
    assert _post(client, assessment).id not in (first.id, second.id)


def test_a_queued_job_is_reused_and_a_running_one_only_for_the_same_content(
    app: Flask, db_session: Session
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    with app.test_request_context():
        queued, new = scorecard_job.request_scorecard(assessment, world.user_a, "zh")
        assert new
        db_session.commit()
        # Not run yet: it reads the answers when it runs, so it serves a second request.
        assert scorecard_job.request_scorecard(assessment, world.user_a, "zh") == (queued, False)
        queued.status = JobStatus.RUNNING
        queued.params = json.dumps({"assessment_id": assessment.id, "content": "another page"})
        db_session.commit()
        again, new = scorecard_job.request_scorecard(assessment, world.user_a, "zh")
        assert new
        assert again.id != queued.id


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_a_second_request_gets_the_queued_or_running_job_before_any_progress_write(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    status: JobStatus,
) -> None:
    """The worker's progress write (the page it rendered) may be skipped on a busy database:
    until it finishes, its job row holds only what the request wrote at enqueue."""
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    monkeypatch.setattr(tasks, "enqueue", lambda job: None)  # the worker has not run it yet
    first = _post(client, assessment)
    assert first.status is JobStatus.QUEUED
    first.status = status  # as run_report_job leaves it before its first progress write
    db_session.commit()
    assert "content" not in jobs.params_of(first)
    assert _post(client, assessment).id == first.id
    assert _jobs_count(db_session) == 1


def test_another_organisations_user_is_refused_the_button_the_page_and_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    job = _post(client, assessment)
    auth.logout()
    auth.login(world.user_b.email)
    assert client.post(f"/reports/assessments/{assessment.id}/scorecard").status_code == 403
    assert client.get(f"/reports/assessments/{assessment.id}/scorecard.pdf").status_code == 403
    assert client.get(f"/reports/jobs/{job.id}").status_code == 403
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 403
    assert f'/reports/jobs/{job.id}"' not in client.get("/reports/jobs").get_data(as_text=True)
    assert _jobs_count(db_session) == 1


def test_a_colleague_who_may_see_the_result_shares_the_job(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    colleague = make_user(world.org_a)
    db_session.commit()
    auth.login(world.user_a.email)
    job = _post(client, assessment)
    auth.logout()
    auth.login(colleague.email)
    assert _post(client, assessment).id == job.id
    assert client.get(f"/reports/jobs/{job.id}").status_code == 200
    download = fetch_scorecard(client, assessment.id)
    assert download.status_code == 200


def test_the_button_posts_a_csrf_token_kept_out_of_the_shared_result_body(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The result body is kept per snapshot for everyone; the token is the user's own."""
    world = make_world()
    assessment = submitted_assessment(world)
    colleague = make_user(world.org_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/assessments/{assessment.id}/result")  # keeps the body
    auth.logout()
    auth.login(colleague.email)
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    form = re.search(
        r'<form method="post" action="([^"]+)"[^>]*id="scorecard-form">(.*?)</form>', page, re.S
    )
    assert form is not None
    assert form[1] == f"/reports/assessments/{assessment.id}/scorecard"
    token = re.search(r'name="csrf_token" value="([^"]+)"', form[2])
    assert token is not None
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/reports/assessments/{assessment.id}/scorecard")
        assert refused.status_code == 400
        assert _jobs_count(db_session) == 0
        started = client.post(
            f"/reports/assessments/{assessment.id}/scorecard", data={"csrf_token": token[1]}
        )
        assert started.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(
    ("lang", "button", "note"),
    [
        ("zh_CN", "下载评分卡（PDF）", "评分卡现在在后台生成，不再由本链接直接下载。"),
        (
            "en",
            "Download scorecard (PDF)",
            "Scorecards are now prepared in the background; this address no longer downloads"
            " one directly.",
        ),
    ],
)
def test_the_old_address_offers_the_button_and_starts_nothing(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    button: str,
    note: str,
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    response = client.get(f"/reports/assessments/{assessment.id}/scorecard.pdf?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert note in page
    assert f'action="/reports/assessments/{assessment.id}/scorecard"' in page
    assert '<input type="hidden" name="lang" value="en">' in page  # the language bookmarked
    assert button in page
    assert _jobs_count(db_session) == 0


@pytest.mark.parametrize(
    ("lang", "preparing", "ready"),
    [
        ("zh_CN", "正在生成评分卡…", "下载应已开始。"),
        ("en", "Preparing the scorecard…", "The download should have started."),
    ],
)
def test_the_job_page_says_it_is_preparing_then_starts_the_download_without_script(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    preparing: str,
    ready: str,
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    job = _post(client, assessment)
    job.status, job.progress = JobStatus.QUEUED, 0  # as seen before the worker's turn
    db_session.commit()
    waiting = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert preparing in waiting
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in waiting
    assert f'href="/reports/jobs/{job.id}?start=1" id="job-refresh"' in waiting
    assert "data-start-download" in waiting
    job.status, job.progress = JobStatus.DONE, 100
    db_session.commit()
    done = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    download = f"/reports/jobs/{job.id}/download"
    assert f'<meta http-equiv="refresh" content="0; url={download}">' in done
    assert ready in done
    assert f'id="job-download" href="{download}"' in done
    later = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)  # from the job list
    assert "http-equiv" not in later
    assert "data-start-download" not in later


def test_an_expired_files_page_offers_the_button_again(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    job = _post(client, assessment, "en")
    job.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert "文件已过期删除，请重新生成。" in page
    assert "http-equiv" not in page  # nothing to download
    assert f'action="/reports/assessments/{assessment.id}/scorecard"' in page
    assert '<input type="hidden" name="lang" value="en">' in page  # the job's language
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 410


def test_a_waiting_scorecard_page_looks_every_second(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa21 S11: "几秒后" while the page looked every 3 s (and the idle worker every 10 s)
    world = make_world()
    assessment = start(world)
    waiting = jobs.request_job(
        JobKind.SCORECARD,
        world.user_a,
        cycle=world.cycle,
        params={"assessment_id": assessment.id, "asked": "x"},
    )
    db_session.commit()
    auth.login(world.user_a.email)
    text = client.get(f"/reports/jobs/{waiting.id}?start=1").get_data(as_text=True)
    assert 'data-poll="1"' in text
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in text
