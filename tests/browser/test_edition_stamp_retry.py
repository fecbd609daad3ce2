"""The secretariat sees an edition's failed stamp on the year page and queues it again.

With the queue for real and no worker: the retry waits in the queue, and the row says so.
A company user finds the edition on their home page only once a worker has stamped it.
The edition is deleted afterwards: the live app is shared, and other tests count the
year's editions from 1.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db, queue
from rcapp.demo import world
from rcapp.reports import edition_stamp
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState, is_stamped, note_stamp
from tests.browser.test_member_annual_report import _publish_previous_year

COMPANY = "donghai-fine.admin@demo.example.cn"
SECRETARIAT = "secretariat@demo.example.cn"
STAMP_SECONDS = 180  # the worker lays the demo year's report out again (WeasyPrint)


@contextmanager
def published_stamp(
    live_app: Flask, mark: Callable[[ReportJob], None]
) -> Iterator[tuple[int, int]]:
    """An annual report of the demo's closed year, its stamp queued then `mark`ed.

    Yields (cycle id, job id); the edition is deleted afterwards.
    """
    job_id = _publish_previous_year(live_app)
    with live_app.app_context():
        session = db.session()
        job = session.get(ReportJob, job_id)
        assert job is not None
        assert job.cycle_id is not None
        edition_stamp.queue_stamp(job)
        mark(job)
        session.commit()
        cycle_id = job.cycle_id
    yield cycle_id, job_id
    with live_app.app_context():
        session = db.session()
        session.delete(session.get(ReportJob, job_id))
        session.commit()


def _failed(job: ReportJob) -> None:
    note_stamp(job, StampState.FAILED, error="internal", number=f"{job.id}/test")


@pytest.fixture
def failed_stamp(live_app: Flask, demo_world: dict[str, int]) -> Iterator[tuple[int, int]]:
    """An annual report of the demo's closed year whose stamp failed: (cycle id, job id)."""
    with published_stamp(live_app, _failed) as found:
        yield found


def test_the_secretariat_retries_a_failed_stamp(
    page: Page,
    live_app: Flask,
    live_server: str,
    failed_stamp: tuple[int, int],
    log_in: Callable[[Page, str], None],
    real_queue: Callable[[], None],
) -> None:
    cycle_id, job_id = failed_stamp
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/cycles/{cycle_id}#edition-{job_id}")
    stamp = page.locator(f"#edition-stamp-{job_id}")
    expect(stamp).to_contain_text("加盖版次失败")
    expect(stamp).to_contain_text(f"错误编号 {job_id}/test")
    stamp.get_by_role("button", name="重新加盖").click()
    expect(page.locator(".flash-success")).to_contain_text("已重新排队加盖版次。")
    expect(page.locator(f"#edition-stamp-{job_id}")).to_contain_text("正在加盖版次…")
    assert queue.huey.pending_count() == 1  # waits for the worker: not run in the request

    expect(page.locator(f"#edition-{job_id} .edition-stamp-members")).to_have_text(
        "会员在本版加盖版次后才能看到并下载它。"
    )

    log_in(page, COMPANY)  # the unstamped file is not the official one: not offered yet
    expect(page.locator("#home-annual-report")).to_have_count(0)
    real_queue()  # a worker takes the retry: once stamped, members get the edition
    assert _stamped_within(live_app, job_id, STAMP_SECONDS)
    page.reload()
    panel = page.locator("#home-annual-report")
    expect(panel).to_contain_text(f"{world.PREVIOUS_YEAR} 年度责任关怀报告已发布")
    expect(panel.get_by_role("link", name="全部年度报告")).to_be_visible()


def _stamped_within(live_app: Flask, job_id: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with live_app.app_context():
            job = db.session().get(ReportJob, job_id)
            if job is not None and is_stamped(job):
                return True
        time.sleep(0.5)
    return False
