"""A closed year's outputs published as numbered editions, kept for good (qa68 #1 #2 #7 #11)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.cycles import services as cycle_services
from rcapp.cycles.models import CycleStatus
from rcapp.db import utcnow
from rcapp.reports import editions, jobs
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.factories import World, make_world

CLOSED_AT = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
# an edition above 1 says what it corrected (edition_choices)
CORRECTION = {"correction": "第三章的统计表已更正。"}


def closed_world(db_session: Session) -> World:
    world = make_world(2025)
    world.cycle.status = CycleStatus.CLOSED
    world.cycle.closed_at = CLOSED_AT
    db_session.commit()
    return world


def finished(
    world: World,
    kind: JobKind = JobKind.ANNUAL_REPORT,
    lang: str = "zh",
    made: dt.datetime = CLOSED_AT + dt.timedelta(hours=1),
) -> ReportJob:
    """A finished job of the year with its file, asked for at `made`."""
    job = jobs.request_job(kind, world.secretariat, cycle=world.cycle, lang=lang)
    jobs.store_result(job, b"%PDF-1.7 edition", f"annual-{job.id}.pdf", "application/pdf")
    job.created_at = made
    return job


def test_editions_are_numbered_per_kind_and_language_and_audited(db_session: Session) -> None:
    world = closed_world(db_session)
    first, second = finished(world), finished(world)
    english, workbook = finished(world, lang="en"), finished(world, JobKind.ANNUAL_WORKBOOK)
    numbers = [
        editions.publish(job, world.secretariat) for job in (first, second, english, workbook)
    ]
    db_session.commit()
    assert numbers == [1, 2, 1, 1]
    assert second.published_by_id == world.secretariat.id
    assert second.expires_at is None
    listed = {
        (row.job.id, row.replaces.id if row.replaces else None)
        for row in editions.editions_of(world.cycle)
    }
    assert (second.id, first.id) in listed
    assert (first.id, None) in listed
    logged = db_session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "report_job.publish")
        .order_by(AuditEntry.id)  # logged[1] is the second published: say the order
    ).all()
    assert len(logged) == 4
    assert '"edition": 2' in (logged[1].after or "")


def test_a_published_file_outlives_the_purge(db_session: Session) -> None:
    world = closed_world(db_session)
    kept, dropped = finished(world), finished(world)
    editions.publish(kept, world.secretariat)
    db_session.commit()
    later = utcnow() + dt.timedelta(days=400)
    assert jobs.purge_expired(later) == 1
    assert kept.result_file is not None
    assert dropped.result_file is None
    assert jobs.result_path(kept) is not None


@pytest.mark.parametrize(
    ("status", "made", "reason"),
    [
        (CycleStatus.OPEN, CLOSED_AT + dt.timedelta(hours=1), "year_open"),
        (CycleStatus.CLOSED, CLOSED_AT - dt.timedelta(hours=1), "before_close"),
    ],
)
def test_a_provisional_file_is_refused(
    db_session: Session, status: CycleStatus, made: dt.datetime, reason: str
) -> None:
    world = closed_world(db_session)
    job = finished(world, made=made)
    world.cycle.status = status
    db_session.commit()
    with pytest.raises(editions.PublishRefused) as refused:
        editions.publish(job, world.secretariat)
    assert refused.value.reason == reason
    assert job.edition is None


def test_publishing_twice_is_refused(db_session: Session) -> None:
    world = closed_world(db_session)
    job = finished(world)
    editions.publish(job, world.secretariat)
    with pytest.raises(editions.PublishRefused):
        editions.publish(job, world.secretariat)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            [
                "发布为本年度正式版",
                "已发布的正式版",
                "第 2 版",
                "取代第 1 版（",
                "正式版第 2 版",
                "暂定",
            ],
        ),
        (
            "en",
            [
                "Publish as the year",
                "Published editions",
                "Edition 2",
                "Replaces edition 1 (",
                "Edition 2 of the year",
                "Provisional",
            ],
        ),
    ],
)
def test_pages_publish_list_and_mark_editions(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    world = closed_world(db_session)
    first, second = finished(world), finished(world)
    early = finished(world, made=CLOSED_AT - dt.timedelta(hours=1))
    editions.publish(first, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    job_page = client.get(f"/reports/jobs/{second.id}").get_data(as_text=True)
    assert words[0] in job_page
    published = client.post(f"/reports/jobs/{second.id}/publish", data=CORRECTION)
    assert published.status_code == 302
    assert f"/cycles/{world.cycle.id}" in published.headers["Location"]
    year = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    for word in words[1:4]:
        assert word in year
    listed = client.get("/reports/jobs").get_data(as_text=True)
    row = next(r for r in listed.split("<tr>") if f"#{second.id}<" in r)
    assert words[4] in row
    early_row = next(r for r in listed.split("<tr>") if f"#{early.id}<" in r)
    assert words[5] in early_row
    refused = client.get(f"/reports/jobs/{early.id}").get_data(as_text=True)
    assert 'id="job-not-publishable"' in refused
    assert 'id="job-publish"' not in refused
    assert client.post(f"/reports/jobs/{early.id}/publish").status_code == 302
    db_session.refresh(early)
    assert early.edition is None


def test_only_the_secretariat_publishes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    job = finished(world)
    db_session.commit()
    auth.login(world.user_a.email)
    assert client.post(f"/reports/jobs/{job.id}/publish").status_code == 403
    db_session.refresh(job)
    assert job.edition is None


def test_the_reopen_page_names_what_will_be_out_of_date(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    published, produced = finished(world), finished(world, JobKind.ANNUAL_WORKBOOK, "en")
    editions.publish(published, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/reopen").get_data(as_text=True)
    assert 'id="reopen-outputs"' in page
    assert "正式版第 1 版" in page
    assert f"#{produced.id}" in page
    cycle_services.reopen_cycle(world.cycle, "更正数据", world.secretariat)
    db_session.commit()
    assert jobs.result_path(published) is not None


def two_editions(world: World, db_session: Session) -> tuple[ReportJob, ReportJob]:
    """The year's annual report published twice: 第 1 版 replaced by 第 2 版."""
    first, second = finished(world), finished(world)
    editions.publish(first, world.secretariat)
    editions.publish(second, world.secretariat)
    db_session.commit()
    return first, second


def test_the_job_pages_say_which_edition_is_replaced(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa69 m1: only the year page said that 第 1 版 was (or was about to be) replaced
    world = closed_world(db_session)
    first, second = finished(world), finished(world)
    editions.publish(first, world.secretariat)
    first.published_at = dt.datetime(2026, 12, 6, 10, 32, tzinfo=dt.UTC)
    db_session.commit()
    auth.login(world.secretariat.email)
    before = client.get(f"/reports/jobs/{second.id}").get_data(as_text=True)
    form = before.split('id="job-publish"')[1].split("</form>")[0]
    assert "将取代 2026-12-06 发布的第 1 版" in form.split("<button")[0]
    assert "正式版第 2 版？将取代 2026-12-06 发布的第 1 版。" in form.split("<button")[1]
    client.post(f"/reports/jobs/{second.id}/publish", data=CORRECTION)
    replaced = client.get(f"/reports/jobs/{first.id}").get_data(as_text=True)
    assert 'id="job-replaced">已被第 2 版取代' in replaced
    current = client.get(f"/reports/jobs/{second.id}").get_data(as_text=True)
    assert 'id="job-replaced"' not in current
    listed = client.get("/reports/jobs").get_data(as_text=True)
    rows = {
        job.id: next(r for r in listed.split("<tr>") if f"#{job.id}<" in r)
        for job in (first, second)
    }
    assert "已被第 2 版取代" in rows[first.id]
    assert "取代" not in rows[second.id]


def test_the_published_time_is_bracketed_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa69: "（2026-12-06 18:32（北京时间））"
    world = closed_world(db_session)
    job = finished(world)
    editions.publish(job, world.secretariat)
    job.published_at = dt.datetime(2026, 12, 6, 10, 32, tzinfo=dt.UTC)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "年度报告（中文）第 1 版（2026-12-06 18:32，北京时间）。" in page


@pytest.mark.parametrize(
    ("name", "edition", "expected"),
    [
        ("annual-report-2024.pdf", 2, "annual-report-2024-edition-2.pdf"),
        ("annual-report-2024-en.pdf", 1, "annual-report-2024-en-edition-1.pdf"),
        ("scorecards-2024.zip", 3, "scorecards-2024-edition-3.zip"),
        ("annual", 1, "annual-edition-1"),
    ],
)
def test_an_edition_file_name_carries_its_number(name: str, edition: int, expected: str) -> None:
    assert editions.edition_file_name(name, edition) == expected


def test_two_editions_download_under_two_names(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa69 m2: both editions downloaded as annual-report-2024.pdf
    world = closed_world(db_session)
    first, second = two_editions(world, db_session)
    auth.login(world.secretariat.email)
    for job, number in ((first, 1), (second, 2)):
        response = client.get(f"/reports/jobs/{job.id}/download")
        response.close()
        header = response.headers["Content-Disposition"]
        assert header == f'attachment; filename="annual-{job.id}-edition-{number}.pdf"'
    year = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert f"annual-{second.id}-edition-2.pdf" in year


def test_the_reopen_page_lists_only_the_current_edition(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa69 m3: 第 1 版, replaced already, was listed as going out of date
    world = closed_world(db_session)
    two_editions(world, db_session)
    auth.login(world.secretariat.email)
    page = client.get(f"/cycles/{world.cycle.id}/reopen").get_data(as_text=True)
    outputs = page.split('id="reopen-outputs"')[1].split("</div>")[0]
    assert "正式版第 2 版" in outputs
    assert "正式版第 1 版" not in outputs


def test_english_pages_name_the_publisher_and_language_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa69 m6: "by 刘晓梅" without pinyin, and the language shown as 中文
    world = closed_world(db_session)
    world.secretariat.name = "刘晓梅"
    job = finished(world)
    editions.publish(job, world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    year = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    edition = year.split(f'id="edition-{job.id}"')[1].split("</li>")[0]
    assert "by 刘晓梅 (Liu Xiaomei)" in edition
    assert "Chinese" in edition
    assert "中文" not in edition
    assert "<dd>Chinese</dd>" in client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    listed = client.get("/reports/jobs").get_data(as_text=True)
    assert '<td data-label="Language">Chinese</td>' in listed
