"""An edition stamp whose worker died reads interrupted on the year page and is queued again.

The stamp was taken by a worker whose process has ended (killed while rendering): the row
says so in the page's language instead of 正在加盖版次… for ever, and the secretariat's
retry queues it (the queue for real, no worker: it then waits, and the row says so).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import queue
from tests.browser.test_edition_stamp_retry import SECRETARIAT, published_stamp
from tests.dead_workers import dead_worker
from tests.web.reports.test_edition_stamp_interrupted import taken_by

WORDS = {
    "zh": "加盖中断：处理进程已停止，请点“重新加盖”",
    "en": "Stamping was interrupted: the process doing it stopped. Click “Stamp again”",
}


@pytest.fixture
def interrupted_stamp(live_app: Flask, demo_world: dict[str, int]) -> Iterator[tuple[int, int]]:
    """An annual report of the demo's closed year whose stamp a killed worker had taken."""
    with published_stamp(live_app, lambda job: taken_by(job, dead_worker())) as found:
        yield found


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("RCAPP_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_an_interrupted_stamp_is_said_and_queued_again(
    page: Page,
    live_server: str,
    interrupted_stamp: tuple[int, int],
    log_in: Callable[[Page, str], None],
    real_queue: Callable[[], None],
) -> None:
    cycle_id, job_id = interrupted_stamp
    log_in(page, SECRETARIAT)
    stamp = page.locator(f"#edition-stamp-{job_id}")
    for lang in ("en", "zh"):
        page.goto(f"{live_server}/lang/{lang}?next=/cycles/{cycle_id}%23edition-{job_id}")
        expect(stamp).to_contain_text(WORDS[lang])
        stamp.scroll_into_view_if_needed()
        _shot(page, f"stamp_interrupted_{lang}")
    stamp.get_by_role("button", name="重新加盖").click()
    expect(page.locator(".flash-success")).to_contain_text("已重新排队加盖版次。")
    expect(page.locator(f"#edition-stamp-{job_id}")).to_contain_text("正在加盖版次…")
    assert queue.huey.pending_count() == 1  # waits for the worker: not run in the request
    _shot(page, "stamp_interrupted_retried_zh")
