"""The lead of a working group sees the side-by-side figures are old and queues them again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.organisations.models import WorkingGroup
from tests.browser.conftest import LAPTOP, demo_user, own_demo, shoot_laptop_and_phone

live_app, live_server, demo_world = own_demo("lead-refresh")
LEAD = "pp.lead@demo.example.cn"


def _one_returned_since(live_app: Flask) -> int:
    """Compute the year, then return one of the group's submitted members; the group's id."""
    with live_app.app_context():
        session = db.session()
        cycle = session.scalars(
            select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR)
        ).one()
        group = session.scalars(select(WorkingGroup).where(WorkingGroup.code == "WG-PP")).one()
        members = [o.id for o in group.organisations]
        submitted = session.scalars(
            select(Assessment).where(
                Assessment.cycle_id == cycle.id,
                Assessment.organisation_id.in_(members),
                Assessment.status == AssessmentStatus.SUBMITTED,
            )
        ).all()
        compute_benchmarks(cycle, None)
        secretariat = demo_user("secretariat@demo.example.cn")
        services.return_assessment(submitted[0], "请补充附件", secretariat)
        session.commit()
        return group.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lead_sees_old_figures_and_queues_them_again(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: Callable[[Page, str], None],
    real_queue: Callable[[], None],
    shots: Path,
    lang: str,
) -> None:
    group_id = _one_returned_since(live_app)  # no worker: the request stays queued
    log_in(page, LEAD)
    page.goto(f"{live_server}/lang/{lang}?next=/benchmarks/groups/{group_id}")
    age = page.locator("#statistics-age")
    expect(age).to_contain_text("1 家成员" if lang == "zh_CN" else "1 member")
    stem = f"statistics-age-{lang}"
    shoot_laptop_and_phone(page, shots, stem, "the side-by-side page", in_view=age)
    page.set_viewport_size(LAPTOP)

    page.locator("#statistics-refresh button[type=submit]").click()

    expect(page.locator("#statistics-queued")).to_be_visible()
    expect(page.locator("#statistics-refresh")).to_have_count(0)
    page.screenshot(path=str(shots / f"statistics-queued-{lang}-laptop.png"))
