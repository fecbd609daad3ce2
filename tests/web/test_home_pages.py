"""Each role's home page is its to-do list, and every page it needs is one click away."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import find_assessment
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import CommitmentStatus, OrganisationKind
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_assessment,
    make_cycle,
    make_group_lead,
    make_organisation,
    make_user,
    make_working_group,
    make_world,
    start,
)
from tests.factories_reviews import make_review_world, reviewers_of, submit_and_finalise
from tests.web.helpers import member_with_assessment, page_text


def test_company_staff_see_progress_what_is_missing_and_the_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.save_prerequisites(assessment, rubric, {}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert f"{world.org_a.name_zh}：2025 年度自评" in page
    assert "截止日期 " + world.cycle.deadline.isoformat() in page
    assert re.search(r"还剩 \d+ 天", page)
    assert "各板块完成情况" in page
    assert f"/assessments/{assessment.id}/sections/MS" in page
    assert "所有内容已填写，可以提交。" in page
    assert "星" in page


def test_a_draft_shows_provisional_stars_and_the_next_rating_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.save_prerequisites(assessment, rubric, {}, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/lang/en")
    page = page_text(client, "/")
    assert re.search(r"\d stars? on the current answers \(provisional\)", page)
    # "for 1 stars" read wrongly: the rating is named, whatever its number.
    assert re.search(r"items? to raise for a \d-star rating, for example:", page)


def test_a_company_that_has_not_started_gets_a_start_button(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # a signatory (outside_year.py)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert "本年度自评尚未开始。" in page
    assert f'action="/assessments/start/{world.org_a.id}/{world.cycle.id}"' in page


def test_missing_items_link_to_where_they_are(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    page = page_text(client, "/")
    assert "提交前还需完成" in page
    assert f"/assessments/{assessment.id}/sections/MS#item-MS.G1.1" in page
    assert f"/assessments/{assessment.id}/prerequisites" in page


def test_a_lead_sees_members_status_but_links_only_submitted_work(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    draft = start(world)
    submitted = start(world, world.org_b)
    fill_complete(submitted, world.user_b)
    services.submit_assessment(submitted, world.user_b)
    group = make_working_group(name_zh="工艺安全工作组")
    group.organisations.extend([world.org_a, world.org_b])
    lead = make_group_lead(group)
    db_session.commit()
    auth.login(lead.email)
    page = page_text(client, "/")
    assert "工艺安全工作组：成员单位 2025 年度进展" in page
    assert world.org_a.name_zh in page
    assert world.org_b.name_zh in page
    assert f"/assessments/{submitted.id}" in page
    assert f"/assessments/{draft.id}" not in page


def test_a_park_sees_status_and_stars_of_residents_but_not_their_answers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    park = make_organisation(kind=OrganisationKind.PARK, name_zh="临海化工园区")
    park_staff = make_user(park)
    for org in (world.org_a, world.org_b):
        org.park_id = park.id
        org.commitment_status = CommitmentStatus.SIGNED
    resident = make_assessment(world.org_a, world.cycle, status=AssessmentStatus.SUBMITTED, stars=4)
    db_session.commit()
    auth.login(park_staff.email)
    page = page_text(client, "/")
    assert "临海化工园区：园区内企业 2025 年度进展" in page
    assert world.org_a.name_zh in page
    assert world.org_b.name_zh in page
    assert "4 星" in page
    assert "未开始" in page
    assert f"/assessments/{resident.id}" not in page
    for suffix in ("", "/sections/MS", "/result", "/kpis"):
        assert client.get(f"/assessments/{resident.id}{suffix}").status_code == 403


def test_a_park_sees_the_deadline_and_how_many_residents_have_not_submitted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa91: the panel listed statuses only; which residents need a push, and by when, was
    # left to the park to count (the deadline was nowhere on its home page).
    world = make_world()
    park = make_organisation(kind=OrganisationKind.PARK, name_zh="临海化工园区")
    park_staff = make_user(park)
    for org in (world.org_a, world.org_b):
        org.park_id = park.id
        org.commitment_status = CommitmentStatus.SIGNED
    make_assessment(world.org_a, world.cycle, status=AssessmentStatus.SUBMITTED, stars=4)
    db_session.commit()
    auth.login(park_staff.email)

    panel = page_text(client, "/").split("临海化工园区：园区内企业 2025 年度进展")[1]

    assert f"截止日期 {world.cycle.deadline.isoformat()}" in panel.split("<table")[0]
    assert "尚未提交 1 家" in panel.split("<table")[0]


def test_a_park_sees_a_residents_final_rating_once_its_review_is_final(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # As the park's benchmark page counts it; before, the panel kept the stars self-assessed
    # at submission (one star when no reviewer had looked yet).
    world = make_review_world(5)
    park = make_organisation(kind=OrganisationKind.PARK, name_zh="临海化工园区")
    park_staff = make_user(park)
    for company in (world.companies[0], world.companies[3]):  # reviewers from elsewhere
        company.park_id = park.id
        company.commitment_status = CommitmentStatus.SIGNED
    review = review_services.assign_reviewers(
        world.assessments[0], ReviewKind.ONSITE, reviewers_of(world, 0), world.lead
    )
    submit_and_finalise(review, world.lead)
    db_session.commit()
    assert review.final_stars is not None
    assert review.final_stars != review.assessment.stars
    auth.login(park_staff.email)

    page = page_text(client, "/")

    finalised = page.split(world.companies[0].name_zh)[1].split("</tr>")[0]
    assert f"{review.final_stars} 星" in finalised
    assert "最终" in finalised
    other = page.split(world.companies[3].name_zh)[1].split("</tr>")[0]
    assert f"{world.assessments[3].stars} 星" in other
    assert "暂定" in other


def test_the_secretariat_sees_the_open_cycle_by_status_with_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    start(world)
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, "/")
    assert "秘书处：本年度评价" in page
    for status in ("not_started", "draft", "returned", "submitted", "overdue"):
        assert f"/cycles/{world.cycle.id}/organisations?status={status}" in page
    assert re.search(r'status=not_started"><span class="count">1</span>', page)
    assert re.search(r'status=draft"><span class="count">1</span>', page)


def test_with_no_open_year_the_secretariat_is_led_to_the_latest_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Just after closing a year, its reports are the next task: not only "open a new year".
    world = make_world()
    older = make_cycle(year=2024, status=CycleStatus.CLOSED)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, "/")
    assert "目前没有进行中的年度" in page
    assert f'<a href="/cycles/{world.cycle.id}">2025 年度：结果、年度报告与导出</a>' in page
    assert f'href="/cycles/{older.id}"' not in page


NAV_LINK = re.compile(r'<nav class="main-nav".*?</nav>', re.S)


@pytest.mark.parametrize("role", ["secretariat", "member", "lead"])
def test_every_navigation_link_opens(
    client: FlaskClient, db_session: Session, auth: AuthActions, role: str
) -> None:
    world = make_world()
    group = make_working_group()
    group.organisations.append(world.org_a)
    lead = make_group_lead(group)
    db_session.commit()
    user = {"secretariat": world.secretariat, "member": world.user_a, "lead": lead}[role]
    auth.login(user.email)
    nav = NAV_LINK.search(page_text(client, "/"))
    assert nav is not None
    links = re.findall(r'href="([^"]+)"', nav.group(0))
    assert "/" in links
    for link in links:
        assert client.get(link).status_code == 200, link
    if role == "secretariat":
        assert {"/assessments/", "/cycles/", "/outbox/", "/audit/"} <= set(links)


def test_a_company_that_signed_after_the_year_is_told_it_joins_later_and_cannot_start(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()  # its open year is 2025
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_a.commitment_signed_on = dt.date(2026, 3, 14)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    told = "贵单位于 2026-03-14 签署责任关怀承诺，自 2026 年度起参加年度自评，2025 年度无需填报。"
    assert told in page
    assert "/assessments/start/" not in page
    assert "截止日期" not in page
    assert "/assessments/start/" not in page_text(client, "/assessments/")
    start_url = f"/assessments/start/{world.org_a.id}/{world.cycle.id}"
    refused = client.post(start_url, follow_redirects=True)
    assert "2025 年度无需填报" in refused.get_data(as_text=True)
    assert find_assessment(world.org_a.id, world.cycle.id) is None
    client.get("/lang/en")
    page = page_text(client, "/")
    assert (
        "Your organisation signed the Responsible Care commitment on 2026-03-14 and takes part"
        " in the yearly self-assessment from 2026 on; there is nothing to fill in for 2025."
    ) in page


def test_a_company_that_signed_within_the_year_is_offered_the_start(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_a.commitment_signed_on = dt.date(2025, 12, 31)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert f'action="/assessments/start/{world.org_a.id}/{world.cycle.id}"' in page
    assert "无需填报" not in page


def test_a_submitted_assessment_says_when_it_was_submitted_not_the_days_left(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa9 S11: a submitted card still counted down to the deadline in draft wording."""
    world = make_world()
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    services.save_prerequisites(assessment, rubric, {}, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, "/")
    assert re.search(r"已于 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）提交", page)
    assert not re.search(r"还剩 \d+ 天", page)
    assert "按目前的答案" not in page
    assert re.search(r"提交的自评星级：\d 星（暂定）", page)
    client.get("/lang/en")
    page = page_text(client, "/")
    assert re.search(r"Submitted on \d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)", page)
    assert re.search(r"Self-assessed rating as submitted: \d stars? \(provisional\)", page)
    assert "on the current answers" not in page
