"""English pages mark more Chinese with lang="zh-CN": the signed-in user's name in the header,
user lists, group roles, event descriptions, settlement and N/A reasons, and the Chinese
terms a rubric's English text keeps in brackets (only those, not the English around them).

Found by crawling the demo in English as each role; Chinese pages are unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, Event
from rcapp.i18n import marked_chinese_terms
from rcapp.person_names import name_in_pinyin
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_group_role,
    make_organisation,
    make_secretariat,
    make_user,
    make_working_group,
)
from tests.factories_reviews import assign_all, make_review_world, submit_all
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture

# The rubrics' English once kept the Chinese terms in brackets (marked lang="zh-CN"); the
# errata now give these texts in English alone, so nothing in them needs marking.
GLOSSED = "Units running key supervised hazardous processes"
LISTED = "Listed for supervised rectification or under restricted approval by the authorities"


def test_the_terms_filter_marks_only_the_chinese_and_only_on_english_pages(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        assert marked_chinese_terms("Rules (《办法》) <b>") == (
            'Rules (<span lang="zh-CN">《办法》</span>) &lt;b&gt;'
        )
        assert marked_chinese_terms(None) == ""
    with app.test_request_context(), force_locale("zh_CN"):
        assert marked_chinese_terms("规则（《办法》）<b>") == "规则（《办法》）&lt;b&gt;"


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _v2_company(status: AssessmentStatus = AssessmentStatus.DRAFT) -> Assessment:
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    return make_assessment(
        make_organisation(), cycle, rubric_id="rc-company", rubric_sha256=sha, status=status
    )


def test_header_user_list_and_group_roles_mark_chinese_names(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn", name="秘书处张三")
    reviewer = make_user(make_organisation(), name="评审员王五")
    group = make_working_group()
    make_group_role(reviewer, group, GroupRole.REVIEWER)
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    users = _page(client, "/admin/users")
    # a person's name with its pinyin on an English page (rcapp.i18n.person_text)
    secretariat = f'<span lang="zh-CN">秘书处张三</span> ({name_in_pinyin("秘书处张三")})'
    assert f'<span class="user-name">{secretariat}</span>' in users
    reviewer_name = f'<span lang="zh-CN">评审员王五</span> ({name_in_pinyin("评审员王五")})'
    assert f'<td class="nowrap">{reviewer_name}</td>' in users
    roles = _page(client, f"/working-groups/{group.id}")
    assert '<td><span lang="zh-CN">评审员王五</span></td>' in roles
    client.get("/lang/zh_CN")
    assert '<span class="user-name">秘书处张三</span>' in _page(client, "/admin/users")


def test_events_page_marks_the_description_and_the_chinese_in_an_event_type(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _v2_company()
    db_session.add(
        Event(
            organisation_id=assessment.organisation_id,
            recorded_in_id=assessment.id,
            event_type="regulatory_listing",
            occurred_on=dt.date(assessment.cycle.year, 3, 1),
            description="罐区动火作业引发火灾",
        )
    )
    admin = make_user(assessment.organisation, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    client.get("/lang/en")

    events = _page(client, f"/assessments/{assessment.id}/events")
    assert '<span lang="zh-CN">罐区动火作业引发火灾</span></td>' in events
    assert f'<td class="type long" data-label="Type">{LISTED}</td>' in events
    client.get("/lang/zh_CN")
    page = _page(client, f"/assessments/{assessment.id}/events")
    assert 'data-label="经过">罐区动火作业引发火灾</td>' in page


def test_return_page_marks_na_reasons_and_the_chinese_in_an_item_prompt(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _v2_company(AssessmentStatus.SUBMITTED)
    db_session.add(
        Answer(assessment=assessment, item_id="C4.E11.1", is_na=True, na_reason="无重点监管工艺")
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    page = _page(client, f"/cycles/assessments/{assessment.id}/return")
    assert f'<span class="item-id">C4.E11.1</span> {GLOSSED} have the required' in page
    assert 'Their answer: N/A (<span lang="zh-CN">无重点监管工艺</span>)' in page
    client.get("/lang/zh_CN")
    assert "单位的答案：不适用（无重点监管工艺）" in _page(
        client, f"/cycles/assessments/{assessment.id}/return"
    )


def test_consolidate_page_marks_reviewer_names_and_settlement_reasons(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_all(review)
    settling.settle_item(review, review.sample[0], 1, "组长复核证据：执行记录不完整", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    client.get("/lang/en")

    page = _page(client, f"/reviews/{review.id}/consolidate?all=1")
    name = review.assignments[0].reviewer.name
    assert f'<th scope="col" class="num"><span lang="zh-CN">{name}</span></th>' in page
    assert 'Settled: <span lang="zh-CN">组长复核证据：执行记录不完整</span>' in page
