"""A corrected annual report waiting to be published: the steps its browser tests share."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page

from tests.browser.test_member_annual_report import SECRETARIAT, _publish_previous_year


def open_correction_job(
    page: Page, live_server: str, live_app: Flask, log_in: Callable[[Page, str], None], lang: str
) -> int:
    """Publish the demo's closed year's annual report, finish a second one (its publishing is
    a correction) and open that job's page as the secretariat in `lang`; return its id."""
    _publish_previous_year(live_app)  # edition 1 out already: the next one is a correction
    job_id = _publish_previous_year(live_app, publish=False)
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/lang/{lang}?next=/reports/jobs/{job_id}")
    return job_id
