"""The years page in a real browser: the own-targets table reads well in both languages and
passes axe (a demo company with targets added for the test)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.assessments.models import Assessment, KpiTarget

COMPANY = "donghai-fine.admin@demo.example.cn"  # 东海精细化工: 2024 and 2025 submitted
LogIn = Callable[[Page, str], None]


def test_own_targets_table_in_chinese_and_english(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
) -> None:
    with live_app.app_context():
        assessment = db.session().get_one(Assessment, demo_world["donghai-fine"])
        organisation_id = assessment.organisation_id
        # 26 drills a year already; 30 by 2028 is 0 % of the way with 60 % of the time left.
        db.session().add(
            KpiTarget(
                assessment=assessment,
                kpi_id="CA-01",
                base_year=2023,
                deadline=2028,
                value=Decimal(30),
            )
        )
        db.session().commit()
    log_in(page, COMPANY)
    page.goto(f"{live_server}/benchmarks/organisations/{organisation_id}/years")
    row = page.locator("#target-CA-01-2028")
    expect(page.get_by_role("heading", name="自身目标与承诺")).to_be_visible()
    expect(row).to_contain_text("进度落后")
    expect(row).to_contain_text("完成进度 0.0%，时间进度 40.0%")
    assert axe_violations(page) == []
    page.goto(f"{live_server}/lang/en")
    page.goto(f"{live_server}/benchmarks/organisations/{organisation_id}/years")
    expect(page.get_by_role("heading", name="Own targets and commitments")).to_be_visible()
    expect(page.locator("#target-CA-01-2028")).to_contain_text("Behind schedule")
    page.goto(f"{live_server}/lang/zh")
