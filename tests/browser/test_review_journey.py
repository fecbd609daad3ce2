"""The peer-review journey in a real browser: assign, review with a corrective action, settle,
finalise, and the company closing its action with evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.clock import beijing_today
from rcapp.reviews import reviewing
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Decision, Review
from tests.browser.confirm_dialog import answer_confirm

LEAD = "ps.lead@demo.example.cn"  # 周建华, process-safety working group
REVIEWER = "reviewer.huang@demo.example.cn"  # 黄磊 of 海澄农化, reviewer of that group
COMPANY = "xiling-chem.admin@demo.example.cn"  # 西岭化工: 2025 submitted, not yet reviewed
LogIn = Callable[[Page, str], None]


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def _decide_all_but_one(live_app: Flask, assessment_id: int) -> tuple[int, str, int]:
    """Accept every sampled item but the first with a level of 2 or more; return it."""
    with live_app.app_context():
        review = db.session().scalar(select(Review).where(Review.assessment_id == assessment_id))
        assert review is not None
        assignment = review.assignments[0]
        rubric = rubric_of(review.assessment)
        selfs = self_verdicts(self_scorecard(review.assessment, rubric))
        levels = {i: v for i, v in selfs.items() if isinstance(v, int)}
        target = next(i for i in review.sample if levels.get(i, 0) >= 2)
        items = rubric.item_index()
        for item_id in review.sample:
            if item_id != target:
                na = selfs[item_id] == "na"
                decision = Decision.NA_ACCEPT if na else Decision.ACCEPT
                reviewing.save_decision(
                    assignment, items[item_id], na, decision, None, "", assignment.reviewer
                )
        db.session().commit()
        level = selfs[target]
        assert isinstance(level, int)
        return assignment.id, target, level


def test_lead_assigns_reviewer_adjusts_lead_settles_company_closes_the_action(
    page: Page, live_server: str, live_app: Flask, demo_world: dict[str, int], log_in: LogIn
) -> None:
    assessment_id = demo_world["xiling-chem"]
    log_in(page, LEAD)
    page.goto(f"{live_server}/reviews/")
    page.get_by_role("link", name="评审安排").first.click()
    row = page.locator("tr", has_text="西岭化工有限公司")
    row.get_by_role("link", name="指派").click()
    page.get_by_label("文审（仅审查证据）").check()
    page.get_by_label("黄磊").check()
    page.get_by_role("button", name="指派并通知").click()
    expect(page.locator(".flash-success")).to_have_text("已指派评审员，并已通知。")
    _log_out(page)

    assignment_id, item_id, level = _decide_all_but_one(live_app, assessment_id)
    log_in(page, REVIEWER)
    page.goto(f"{live_server}/reviews/")
    page.get_by_role("link", name="西岭化工有限公司").click()
    item = page.locator(f'[id="item-{item_id}"]')
    item.get_by_label("调整等级", exact=True).check()
    item.get_by_label("评审等级").select_option(str(level - 2))
    item.get_by_label("理由").fill("现场未见执行记录，仅有制度文件")
    item.get_by_role("button", name="保存本项").click()
    expect(page.locator(".flash-success")).to_have_text(f"{item_id} 的评审结论已保存。")
    page.locator("#kind").select_option("corrective_action")
    page.locator("#item_id").select_option(item_id)
    page.locator("#text").fill("补充近 12 个月的执行记录")
    page.locator("#owner").fill("安全环保部")
    page.locator("#due_on").fill((beijing_today() + dt.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="记录", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("发现已记录。")
    # Both ask first (qa18 S7): the reviewer confirms.
    page.get_by_role("button", name="接受其余全部评价项").click()
    answer_confirm(page)
    expect(page.locator(".flash-success").first).to_contain_text("接受")
    page.get_by_role("button", name="提交评审").click()
    answer_confirm(page)
    expect(page.locator(".flash-success")).to_have_text("评审已提交。")
    _log_out(page)

    log_in(page, LEAD)
    with live_app.app_context():
        review = db.session().scalar(select(Review).where(Review.assessment_id == assessment_id))
        assert review is not None
        review_id = review.id
    page.goto(f"{live_server}/reviews/{review_id}/consolidate")
    settle = page.locator(f'[id="row-{item_id}"]')
    settle.get_by_label("最终等级").select_option(str(level - 1))
    settle.get_by_label("理由").fill("组长复核：制度已建立，执行记录不完整")
    settle.get_by_role("button", name="裁定").click()
    expect(page.locator(".flash-success")).to_have_text(f"{item_id} 已裁定。")
    page.get_by_role("link", name="按裁定后的等级计算最终得分并定级").click()
    # The confirmation names the organisation and the stars before anything is final.
    expect(page.locator("h1")).to_contain_text("确认定级：西岭化工有限公司")
    page.get_by_role("button", name="确认定级：西岭化工有限公司").click()
    expect(page.locator(".flash-success")).to_contain_text("评审已定级")
    _log_out(page)

    log_in(page, COMPANY)
    page.goto(f"{live_server}/reviews/")
    page.get_by_role("link", name="西岭化工有限公司", exact=False).first.click()
    expect(page.get_by_role("heading", name="最终星级")).to_be_visible()
    expect(page.get_by_text("组长复核：制度已建立，执行记录不完整")).to_be_visible()
    page.get_by_label("整改证据").fill("已补充 2025 年执行记录，编号 XL-2025-07")
    page.get_by_role("button", name="关闭整改项").click()
    expect(page.locator(".flash-success")).to_have_text(
        "已整改，待工作组组长或副组长确认关闭或退回。"
    )
    with live_app.app_context():
        stored = db.session().get(Assessment, assessment_id)
        assert stored is not None
        review = db.session().scalar(select(Review).where(Review.assessment_id == assessment_id))
        assert review is not None
        assert review.is_final
        assert [f.action_status for f in review.findings if f.action_status] == ["closed"]
