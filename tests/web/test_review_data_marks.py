"""The reviewer and the lead see what the organisation did to its data (review pages).

- the lead's 差异与裁定 marks the items changed since the previous submission as the
  reviewer's page does, and lists only them when asked (?changed=1);
- core KPI inputs identical to last year's, and the events register emptied, are told in
  the changes panel;
- the "请核对" warnings the organisation saw (a core input typed down to 0, a loss it
  confirmed although it raises the grade) show read-only on the reviewer's page, the KPI
  data page and the lead's page; not to a reviewer of another assessment.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Event
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput, ItemInput, KpiEntry
from rcapp.reviews import services as review_services
from rcapp.reviews.models import Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS
from tests.factories_reviews import ReviewWorld, make_review_world, reviewers_of
from tests.web.test_review_changes_since_submission import _raised_and_deleted

CONFIRMED_LOSS = EventInput(
    event_type="safety_accident",
    grade="larger",
    occurred_on="2025-06-01",
    direct_loss="1500",
    description="反应釜爆裂，设备损毁",
    loss_confirmed="1500",
)


@pytest.fixture
def world(db_session: Session) -> ReviewWorld:
    return make_review_world(4, overrides={0: {"MS.G1.1": ItemInput(level="1")}})


def _page(client: FlaskClient, url: str, lang: str = "zh") -> str:
    client.get(f"/lang/{lang}")
    page = client.get(url)
    assert page.status_code == 200, url
    return html.unescape(page.get_data(as_text=True))


def _part(page: str, marker: str) -> str:
    return page.split(marker)[1].split("</section>")[0]


def test_the_lead_sees_the_changed_items_marked_and_may_list_only_them(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = _raised_and_deleted(world)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/consolidate"

    disputed_only = _page(client, url)
    assert "只看提交后修改的评价项（1）" in disputed_only
    assert 'id="row-MS.G1.1"' not in disputed_only  # no reviewer moved it yet

    changed = _page(client, url + "?changed=1")
    row = changed.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    assert "提交后修改：1 → 2" in row
    assert "未新增证据" in row
    assert 'id="row-C1.E1.1"' not in changed
    assert "下表只列出单位退回后重新提交时修改的 1 个评价项。" in changed

    every = _page(client, url + "?all=1")
    assert "提交后修改：1 → 2" in every.split('id="row-MS.G1.1"')[1].split("</tr>")[0]
    assert "提交后修改" not in every.split('id="row-C1.E1.1"')[1].split("</tr>")[0]

    english = _page(client, url + "?changed=1", "en")
    assert "Changed after submission: 1 → 2" in english
    assert "Only the item changed after submission" not in english  # shown: no link to itself
    assert "Only the item changed after submission (1)" in _page(client, url, "en")


def test_a_first_submission_offers_no_changed_filter(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    db_session.commit()
    auth.login(world.lead.email)
    page = _page(client, f"/reviews/{review.id}/consolidate?all=1")
    assert "只看提交后修改的评价项" not in page
    assert "提交后修改：" not in page


def _doubted(world: ReviewWorld) -> Review:
    """Company 0 resubmits with LTI 2 → 0 and a confirmed loss; last year had two events."""
    assessment, member = world.assessments[0], world.members[0]
    rubric = rubric_of(assessment)
    services.return_assessment(assessment, "请核对数据", world.secretariat)
    entries = {**FULL_KPIS, "lti_employees": KpiEntry("0")}
    assert services.save_kpi_inputs(assessment, rubric, entries, member).ok
    event, problems = services.add_event(assessment, rubric, CONFIRMED_LOSS, member)
    assert event is not None, problems
    services.submit_assessment(assessment, member)
    return review_services.assign_reviewers(
        assessment, ReviewKind.DESK, reviewers_of(world, 0), world.lead
    )


def test_the_reviewer_and_the_lead_see_the_warnings_the_company_saw(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = _doubted(world)
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    for url in (
        f"/reviews/assignments/{assignment.id}",
        f"/reviews/assignments/{assignment.id}/kpi-data",
    ):
        panel = _part(_page(client, url), 'id="data-doubts"')
        assert "单位填报时收到的“请核对”提示（2 条）" in panel
        assert "员工损失工时伤害起数：去年为 2，今年为 0" in panel
        assert "2025-06-01 的事件：直接损失 1,500 万元" in panel
        english = _part(_page(client, url, "en"), 'id="data-doubts"')
        assert "“Please check” warnings the organisation was shown (2)" in english
        assert "Employee lost-time injuries" in english
        assert "Event of 2025-06-01" in english
    kpi_page = _page(client, f"/reviews/assignments/{assignment.id}/kpi-data")
    rate = kpi_page.split('id="rate-OHS-03"')[1].split("</tr>")[0]
    assert 'href="#data-doubts"' in rate
    assert 'href="#data-doubts"' not in kpi_page.split('id="rate-CA-01"')[1].split("</tr>")[0]
    auth.logout()

    auth.login(world.lead.email)
    lead = _part(_page(client, f"/reviews/{review.id}/consolidate"), 'id="data-doubts"')
    assert "员工损失工时伤害起数：去年为 2，今年为 0" in lead
    auth.logout()

    # A reviewer of the group not assigned here sees none of it.
    outsider = world.reviewers[3]
    auth.login(outsider.email)
    for url in (
        f"/reviews/assignments/{assignment.id}",
        f"/reviews/assignments/{assignment.id}/kpi-data",
        f"/reviews/{review.id}/consolidate",
    ):
        shown = client.get(url)
        assert shown.status_code in (403, 404), url
        assert "去年为 2，今年为 0" not in shown.get_data(as_text=True)


def test_clean_data_show_no_warnings_panel(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    review = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    db_session.commit()
    auth.login(review.assignments[0].reviewer.email)
    page = _page(client, f"/reviews/assignments/{review.assignments[0].id}")
    assert 'id="data-doubts"' not in page


def test_kpi_data_as_last_year_and_an_emptied_register_are_told(
    client: FlaskClient, db_session: Session, auth: AuthActions, world: ReviewWorld
) -> None:
    # The review world's companies report last year's KPI figures again (FULL_KPIS twice).
    company = world.companies[1]
    db_session.add(
        Event(
            organisation_id=company.id,
            event_type="safety_accident",
            grade="general",
            occurred_on=dt.date(2024, 4, 2),
            description="去年的泄漏",
        )
    )
    review = review_services.assign_reviewers(
        world.assessments[1], ReviewKind.DESK, reviewers_of(world, 1), world.lead
    )
    db_session.commit()
    for user, url in (
        (review.assignments[0].reviewer, f"/reviews/assignments/{review.assignments[0].id}"),
        (world.lead, f"/reviews/{review.id}/consolidate"),
    ):
        auth.login(user.email)
        page = _page(client, url)
        same = page.split('id="same-kpis"')[1].split("</p>")[0]
        assert "核心 KPI 原始数据全部 3 项与上年完全相同" in same
        assert "“员工工时”、“员工损失工时伤害起数”、“应急演练次数”" in same
        gone = page.split('id="events-gone"')[1].split("</p>")[0]
        assert "上年登记了 1 条事件，本年事件登记为空" in gone
        english = _page(client, url, "en")
        assert "All 3 core KPI inputs are exactly last year's figures" in english
        assert "“Employee hours worked”" in english
        assert "Last year 1 event was registered" in english
        auth.logout()
