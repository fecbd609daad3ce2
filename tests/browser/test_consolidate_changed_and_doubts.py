"""The lead's 差异与裁定 after a company resubmitted: the changed-items filter and "请核对".

A company of its own (in WG-DS, whose lead no other browser test uses) is submitted, put under
review, returned, resubmitted with one item lowered and a core KPI input (energy) typed down
to 0. The lead's discrepancy map offers "只看提交后修改的评价项" (?changed=1), which lists that
item alone, and shows the read-only "请核对" panel (#data-doubts) the company saw: on a laptop
and on a 390-pixel phone, in Chinese and English, nothing wider than the screen.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.accounts.models import OrgRole, User
from rcapp.assessments import services as assessments
from rcapp.assessments.computed_kpis import computed_ids
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import kpi_profiles, world
from rcapp.demo.answers import shifted
from rcapp.demo.build import EXAMPLES_DIR, Built, _AnswerFiles, _assessment
from rcapp.organisations import services as organisations
from rcapp.organisations.models import CommitmentStatus, OrganisationKind, WorkingGroup
from rcapp.reviews import services as reviews
from rcapp.reviews.models import ReviewKind
from tests.browser.conftest import LAPTOP, PAGE_WIDTH, PHONE

LEAD = "ds.lead@demo.example.cn"
ADMIN = "qinghe-check.admin@demo.example.cn"
SOURCE = "jiangbei-materials"  # the demo plan whose answers the company files
ZEROED = "energy_tce"  # RS-02 万元产值综合能耗 (core): 0 with an output value → 请核对
SHOTS = os.environ.get("RCAPP_SHOTS")  # a folder for the screenshots, when wanted

WORDS = {
    "zh_CN": {
        "filter": "只看提交后修改的评价项（1）",
        "only": "下表只列出单位退回后重新提交时修改的 1 个评价项。",
        "doubts": "单位填报时收到的“请核对”提示",
        "zeroed": "综合能耗",
    },
    "en": {
        "filter": "Only the item changed after submission (1)",
        "only": "The tables list only the 1 item the organisation changed",
        "doubts": "the organisation was shown",
        "zeroed": "energy",
    },
}


@dataclasses.dataclass(frozen=True)
class Resubmitted:
    review_id: int
    item_id: str
    before: str
    after: str


def _company(secretariat: User) -> tuple[Any, User]:
    group = db.session().scalar(select(WorkingGroup).where(WorkingGroup.code == "WG-DS"))
    assert group is not None
    values = {
        "kind": OrganisationKind.COMPANY,
        "name_zh": "清河核对化工有限公司",
        "name_en": "Qinghe Check Chemicals Co., Ltd.",
        "credit_code": world.credit_code("91", "371600", "MA3Q7CK2B"),
        "province": "山东省",
        "city": "滨州市",
        "sector": "精细化工",
        "parent_group": None,
        "park_id": None,
        "commitment_status": CommitmentStatus.SIGNED,
        "commitment_signed_on": world.opened_on(world.PREVIOUS_YEAR),
        "commitment_signatory": "韩晓（总经理）",
    }
    organisation = organisations.create_organisation(values, secretariat, [group.id])
    admin = accounts.create_account(
        ADMIN,
        "韩晓",
        None,
        password=world.DEMO_PASSWORD,
        organisation_id=organisation.id,
        role=OrgRole.ADMIN,
    ).user
    admin.must_change_password = False
    return organisation, admin


def _user(email: str) -> User:
    user = db.session().scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


@pytest.fixture(scope="module")
def resubmitted(live_app: Flask, demo_world: dict[str, int]) -> Resubmitted:
    """Filed as the demo files SOURCE's, reviewed, returned, resubmitted changed."""
    with live_app.app_context():
        secretariat = _user(world.SECRETARIAT.email)
        organisation, admin = _company(secretariat)
        cycle = db.session().scalar(
            select(ReportingCycle).where(ReportingCycle.year == world.CURRENT_YEAR)
        )
        assert cycle is not None
        plan = next(p for p in world.PLANS if p.org == SOURCE and p.year == world.CURRENT_YEAR)
        # the demo's own filling, with this company in the source's place
        built = Built(
            secretariat=secretariat,
            organisations={SOURCE: organisation},
            users={world.admin_email(SOURCE): admin},
        )
        files = _AnswerFiles(EXAMPLES_DIR)
        assessment = _assessment(plan, cycle, built, files)
        review = reviews.assign_reviewers(
            assessment, ReviewKind.DESK, [_user("reviewer.lin@demo.example.cn")], _user(LEAD)
        )
        assessments.return_assessment(assessment, "请核对能耗数据", secretariat)
        rubric = rubric_of(assessment)
        answers = shifted(files.get(plan.source, rubric), rubric, plan.shift, plan.every)
        section_id, item_id, typed = next(
            (section_id, item_id, typed)
            for section_id, items in answers.sections.items()
            for item_id, typed in items.items()
            if (typed.level or "").isdigit() and int(typed.level or "0") >= 2
        )
        lowered = str(int(typed.level or "0") - 1)
        saved = assessments.save_section(
            assessment,
            rubric,
            section_id,
            {item_id: dataclasses.replace(typed, level=lowered)},
            admin,
        )
        assert saved.ok, saved.problems
        kpis = kpi_profiles.profiled(SOURCE, answers.kpi_inputs_of(plan.year))
        kpis = {k: v for k, v in kpis.items() if k not in computed_ids(rubric)}
        kpis[ZEROED] = KpiEntry("0")
        assert assessments.save_kpi_inputs(assessment, rubric, kpis, admin).ok
        assessments.submit_assessment(assessment, admin)
        db.session().commit()
        return Resubmitted(review.id, item_id, typed.level or "", lowered)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lead_lists_only_the_changed_item_and_reads_the_warnings(
    browser: Browser,
    live_server: str,
    log_in: Callable[[Page, str], None],
    resubmitted: Resubmitted,
    viewport: Any,
    lang: str,
) -> None:
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    try:
        log_in(page, LEAD)
        url = f"/reviews/{resubmitted.review_id}/consolidate"
        page.goto(f"{live_server}/lang/{lang}?next={url}")
        words = WORDS[lang]
        row = page.locator(f"[id='row-{resubmitted.item_id}']")

        doubts = page.locator("#data-doubts")
        expect(doubts).to_be_visible()
        expect(doubts.locator("h2")).to_contain_text(words["doubts"])
        zeroed = doubts.locator("li.doubt-kpi").filter(has_text=words["zeroed"])
        expect(zeroed).to_have_count(1)
        # read-only: the company's warning, nothing to type or press in it
        expect(doubts.locator("input, textarea, select, button")).to_have_count(0)

        page.get_by_role("link", name=words["filter"]).click()
        page.wait_for_url(lambda address: "changed=1" in address)
        expect(row).to_be_visible()
        expect(row).to_contain_text(f"{resubmitted.before} → {resubmitted.after}")
        # the changed item alone: every other row of the map is left out
        expect(page.locator("tr[id^='row-']")).to_have_count(1)
        expect(page.locator("main")).to_contain_text(words["only"])
        expect(page.locator("#data-doubts")).to_be_visible()  # still there with the filter
        assert page.evaluate(PAGE_WIDTH) <= viewport["width"], "wider than the screen"
        box = page.locator("#data-doubts").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport["width"]
        if SHOTS:
            name = f"{SHOTS}/consolidate_changed_{lang}_{viewport['width']}.png"
            page.screenshot(path=name, full_page=True)
    finally:
        context.close()
