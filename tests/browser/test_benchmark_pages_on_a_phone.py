"""The benchmark pages fit a 390-pixel phone in both languages (qa9 D3): their tables scroll
inside their own focusable box, and the years chart's legend stays inside the chart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.organisations.models import Organisation
from tests.browser.conftest import PAGE_WIDTH, PHONE, PhonePage

COMPANY = "donghai-fine.admin@demo.example.cn"  # 东海精细化工: 2024 and 2025 submitted


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_benchmark_pages_fit_a_phone(
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    phone_page: PhonePage,
    lang: str,
) -> None:
    with live_app.app_context():
        assessment = db.session().get_one(Assessment, demo_world["donghai-fine"])
        organisation_id = assessment.organisation_id
        park_id = db.session().scalar(
            select(Organisation.id).where(Organisation.name_zh == "江苏临海化工园区")
        )
        if not any(t.kpi_id == "OHS-01" and t.deadline == 2029 for t in assessment.kpi_targets):
            # the own-targets table, with a column per year, was 613 px wide in Chinese
            db.session().add(
                KpiTarget(
                    assessment=assessment,
                    kpi_id="OHS-01",
                    base_year=2024,
                    deadline=2029,
                    value=Decimal("0.5"),
                )
            )
            db.session().commit()
    page = phone_page(COMPANY)
    page.goto(f"{live_server}/lang/{lang}?next=/")
    for path in (
        f"/benchmarks/organisations/{organisation_id}/years",
        f"/benchmarks/organisations/{organisation_id}",
    ):
        page.goto(f"{live_server}{path}")
        width = page.evaluate(PAGE_WIDTH)
        assert width <= PHONE["width"], f"{path} is {width}px wide on a 390px phone"
        boxed = page.eval_on_selector_all(
            "main table",
            "tables => tables.map(t => { const b = t.closest('.table-scroll');"
            " return !!b && b.tabIndex === 0; })",
        )
        if path.endswith("/years"):  # the benchmark page of a year whose groups are all
            assert boxed  # below the minimum has no table, only the notes
        assert all(boxed), (path, boxed)
    page = phone_page("secretariat@demo.example.cn")
    page.goto(f"{live_server}/lang/{lang}?next=/benchmarks/parks/{park_id}")
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"the park page is {width}px wide on a 390px phone"
