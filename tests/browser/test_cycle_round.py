"""The yearly round in a real browser: the secretariat's home and cycle pages, the lead's limits.

A local debugging SMTP server (the project's own, on 127.0.0.1) receives the reminders; the
task queue runs in immediate mode so the delivery task runs as soon as it is queued.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import services as assessments
from rcapp.clock import beijing_today
from rcapp.cycles import services as cycles
from rcapp.cycles.models import ReportingCycle
from rcapp.mail.debug_server import DebugSmtpServer, Received
from rcapp.organisations.models import Organisation
from rcapp.queue import huey
from rcapp.rubrics.registry import RubricRegistry
from tests.browser.conftest import REAL_RUBRICS

LogIn = Callable[[Page, str], None]
Axe = Callable[[Page], list[dict[str, Any]]]
SECRETARIAT = "secretariat@demo.example.cn"
LEAD = "ds.lead@demo.example.cn"  # 储运安全工作组 lead; 鲁东化肥 (a member) stays a draft
LEADS_DRAFT = "鲁东化肥有限公司"  # other browser tests may submit 江苏临海氯碱's draft
LEADS_SUBMITTED = "西岭化工有限公司"
NOT_STARTED = "华彩涂料（江苏）有限公司"  # no 2025 assessment in the demo
NOT_STARTED_STAFF = "huacai-coatings.admin@demo.example.cn"
DRAFT_ORG = "江苏临海氯碱化工有限公司"


@pytest.fixture
def smtp(live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[DebugSmtpServer]:
    server = DebugSmtpServer().start()
    monkeypatch.setitem(live_app.config, "MAIL_SERVER", server.host)
    monkeypatch.setitem(live_app.config, "MAIL_PORT", server.port)
    # No worker runs beside the live server: deliver in the request thread instead.
    immediate = huey.immediate
    huey.immediate = True
    yield server
    huey.immediate = immediate
    server.stop()


def _wait_for(server: DebugSmtpServer, address: str) -> list[Received]:
    for _ in range(50):
        found = [r for r in server.received if address in r.recipients]
        if found:
            return found
        time.sleep(0.1)
    return []


def test_the_secretariat_finds_who_has_not_started_and_sends_a_reminder(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    smtp: DebugSmtpServer,
    axe_violations: Axe,
) -> None:
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("我的待办")
    assert axe_violations(page) == []
    page.locator("ul.todo-counts a").filter(has_text="未开始").click()
    expect(page.locator("h1")).to_have_text("2025 年度各单位进展")
    row = page.locator("tbody tr").filter(has_text=NOT_STARTED)
    expect(row).to_contain_text("未开始")
    expect(page.locator("tbody tr").filter(has_text="已提交")).to_have_count(0)
    assert axe_violations(page) == []
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="向勾选的单位发送提醒邮件").click()
    expect(page.locator(".flash-success")).to_contain_text("已安排向 1 个单位发送提醒")
    [received] = _wait_for(smtp, NOT_STARTED_STAFF)
    assert "2025 年度责任关怀自评" in received.subject
    assert NOT_STARTED in received.body
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="发件箱").click()
    expect(page.locator("tbody tr").filter(has_text=NOT_STARTED_STAFF).first).to_contain_text(
        "已发送"
    )
    assert axe_violations(page) == []


def _open_next_year_with_a_draft(live_app: Flask) -> int:
    """A separate year for this test, so closing it leaves the demo's 2025 round alone."""
    with live_app.app_context():
        registry = RubricRegistry(REAL_RUBRICS)
        summaries, _ = cycles.available_rubrics(registry)
        company = next(s for s in summaries if s.id == "rc-company")
        park = next(s for s in summaries if s.id == "rc-park")
        session = db.session()
        secretariat = session.query(User).filter_by(email=SECRETARIAT).one()
        year = 2026
        cycle = session.query(ReportingCycle).filter_by(year=year).one_or_none()
        if cycle is None:
            deadline = beijing_today() + dt.timedelta(days=90)
            cycle = cycles.open_cycle(year, company, park, deadline, secretariat)
        organisation = session.query(Organisation).filter_by(name_zh=DRAFT_ORG).one()
        staff = session.query(User).filter_by(email="linhai-chlor.hse@demo.example.cn").one()
        assessments.get_or_start_assessment(organisation, cycle, staff)
        session.commit()
        return cycle.id


def test_closing_a_cycle_with_drafts_asks_and_lists_what_is_open(
    page: Page,
    live_server: str,
    live_app: Flask,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Axe,
    real_queue: Callable[[], None],
) -> None:
    cycle_id = _open_next_year_with_a_draft(live_app)
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/cycles/{cycle_id}")
    page.get_by_role("link", name="关闭 2026 年度并冻结结果…").click()
    expect(page.locator("h1")).to_have_text("关闭 2026 年度？")
    still_open = page.locator("ul.still-open")
    expect(still_open).to_contain_text(DRAFT_ORG)
    expect(still_open).to_contain_text("草稿")
    expect(page.locator("#open-heading")).to_contain_text("个单位尚未提交")
    assert axe_violations(page) == []
    page.get_by_role("button", name="确认关闭 2026 年度并冻结结果").click()
    # Closed to work at once; the results are frozen by the worker, started only now.
    expect(page.locator(".flash-success")).to_contain_text("正在后台冻结自评结果")
    expect(page.locator("h1")).to_contain_text("正在关闭")
    expect(page.locator("#closing-heading")).to_have_text("正在冻结结果")
    assert axe_violations(page) == []
    real_queue()
    for _ in range(50):
        page.get_by_role("link", name="刷新进度").click()
        if "已关闭" in page.locator("h1").inner_text():
            break
        time.sleep(0.2)
    expect(page.locator("h1")).to_contain_text("已关闭")
    expect(page.get_by_role("link", name="重新开放本年度")).to_be_visible()


def test_a_lead_cannot_open_a_members_draft(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Axe,
) -> None:
    log_in(page, LEAD)
    page.goto(f"{live_server}/")
    panel = page.locator("section").filter(has_text="储运安全工作组：成员单位 2025 年度进展")
    draft_row = panel.locator("tbody tr").filter(has_text=LEADS_DRAFT)
    expect(draft_row).to_contain_text("草稿")
    expect(draft_row.get_by_role("link")).to_have_count(0)
    submitted_row = panel.locator("tbody tr").filter(has_text=LEADS_SUBMITTED)
    expect(submitted_row.get_by_role("link")).to_have_count(1)
    assert axe_violations(page) == []
    response = page.goto(f"{live_server}/assessments/{demo_world['ludong-fert']}")
    assert response is not None
    assert response.status == 403
    response = page.goto(f"{live_server}/assessments/{demo_world['ludong-fert']}/sections/MS")
    assert response is not None
    assert response.status == 403


@pytest.mark.parametrize(
    "email",
    ["linhai-chlor.hse@demo.example.cn", "linhai-park.staff@demo.example.cn"],
)
def test_company_and_park_home_pages_pass_axe(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Axe,
    email: str,
) -> None:
    log_in(page, email)
    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("我的待办")
    assert axe_violations(page) == []


def test_the_return_page_passes_axe(
    page: Page,
    live_server: str,
    demo_world: dict[str, int],
    log_in: LogIn,
    axe_violations: Axe,
) -> None:
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/cycles/assessments/{demo_world['donghai-fine']}/return")
    expect(page.locator("h1")).to_contain_text("退回修改")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_rosters_column_headers_stay_on_one_line_at_1280_px(
    page: Page, live_server: str, demo_world: dict[str, int], log_in: LogIn, lang: str
) -> None:
    # "完成度" broke into "完成 / 度", and a sort arrow onto a line of its own.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, SECRETARIAT)
    page.goto(f"{live_server}/lang/{lang}?next=/cycles/")
    page.click("main table a")
    page.click("a[href$='/organisations']")
    page.goto(page.url + "?sort=reminded&order=desc")
    lines = page.eval_on_selector_all(
        "table.roster thead th a",
        "links => links.map(a => [a.textContent.trim(), a.getClientRects().length])",
    )
    assert len(lines) == 6
    assert all(count == 1 for _label, count in lines), lines
