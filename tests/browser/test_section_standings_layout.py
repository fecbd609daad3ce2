"""The side-by-side page's section tables on a laptop and a 390-pixel phone, in both languages.

Each section's table scrolls inside its own focusable box, a phone reads each member as a
card, and the page stays within the phone's width. The demo's groups are all below the
minimum size, so this module's own demo submits one more company's self-assessment, puts
every company that submitted this year in the process safety group and computes the year's
benchmarks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import world
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from tests.browser.conftest import OpenPage, build_demo, fits_phone, own_demo

live_app, live_server, _shared_demo = own_demo("section-standings")


@pytest.fixture(scope="module")
def demo_world(live_app: Flask) -> dict[str, int]:
    """The demo with 潍北石化's returned self-assessment submitted: five companies submitted."""
    plans = tuple(
        replace(plan, state=world.State.SUBMITTED, return_comment=None)
        if (plan.org, plan.year) == ("weibei-petro", world.CURRENT_YEAR)
        else plan
        for plan in world.PLANS
    )
    patch = pytest.MonkeyPatch()
    patch.setattr(world, "PLANS", plans)
    try:
        return build_demo(live_app)
    finally:
        patch.undo()


LEAD = "ps.lead@demo.example.cn"  # leads the process safety group


@pytest.fixture(scope="module")
def group_with_statistics(live_app: Flask, demo_world: dict[str, int]) -> int:
    """Put every company that submitted this year in the process safety group; compute."""
    with live_app.app_context():
        session = db.session()
        group = session.scalars(select(WorkingGroup).where(WorkingGroup.code == "WG-PS")).one()
        cycle = session.scalars(
            select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR)
        ).one()
        submitted = session.scalars(
            select(Organisation)
            .join(Assessment, Assessment.organisation_id == Organisation.id)
            .where(
                Assessment.cycle_id == cycle.id,
                Assessment.status == AssessmentStatus.SUBMITTED,
                Organisation.kind == OrganisationKind.COMPANY,
            )
        ).all()
        group.organisations.extend(o for o in submitted if o not in group.organisations)
        session.flush()
        compute_benchmarks(cycle, None)
        session.commit()
        return group.id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_section_tables_fit_and_scroll_in_their_own_box(
    live_server: str,
    group_with_statistics: int,
    desktop_page: OpenPage,
    phone_page: OpenPage,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
    device: str,
    lang: str,
) -> None:
    group_id = group_with_statistics
    page = (phone_page if device == "phone" else desktop_page)(LEAD, bypass_csp=True)  # axe
    page.goto(f"{live_server}/lang/{lang}?next=/benchmarks/groups/{group_id}")
    standings = page.locator("#section-standings")
    assert standings.count() == 1
    boxed = page.eval_on_selector_all(
        "#section-standings table",
        "tables => tables.map(t => { const b = t.closest('.table-scroll');"
        " return !!b && b.tabIndex === 0; })",
    )
    assert len(boxed) >= 7  # the management system and the six codes
    assert all(boxed)
    assert axe_violations(page) == []  # serious and critical ones (headings, names, contrast)
    if device == "phone":
        fits_phone(page, "the side-by-side page")
    shots = os.environ.get("RCAPP_SHOTS")  # to look at it: a folder for the screenshots
    if shots:
        standings.screenshot(path=str(Path(shots) / f"section_standings_{device}_{lang}.png"))
        page.screenshot(path=str(Path(shots) / f"compare_{device}_{lang}.png"), full_page=True)
