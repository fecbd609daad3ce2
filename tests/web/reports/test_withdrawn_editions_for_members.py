"""Members are told an annual report edition was withdrawn (secwords #2).

It used to vanish from /reports/annual-reports without a word, under a lead saying "中文和
英文各一份" and "旧版仍可下载" whatever had been published. Now the page names the withdrawn
edition (which, when, the secretariat's reason, the edition in force in its language), its
text is true with one language, none, or a withdrawal, and every member who may read the
page gets a mail in their own language.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reports import editions
from rcapp.reports.models import ReportJob
from rcapp.reports.withdrawal_mail import KIND
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.test_editions import closed_world, finished

REASON = "第三章事故统计有误"
WORDS = {
    "zh": {
        "withdrawn": f"撤回本版，不再提供下载。撤回原因：{REASON}",
        "back": "现行的中文版为第 1 版。",
        "replaced": "已由第 3 版取代。",
        "none": "目前没有可下载的中文版。",
        "one": "本年度只发布了中文版。",
        "no_year": "本年度目前没有可下载的年度报告。",
        "old_lead": "中文和英文各一份",
    },
    "en": {
        "withdrawn": f'it can no longer be downloaded. Reason: <span lang="zh-CN">{REASON}</span>',
        "back": "The Chinese edition in force is edition 1.",
        "replaced": "It has been replaced by edition 3.",
        "none": "No Chinese edition can be downloaded at present.",
        "one": "This year's report is published in Chinese only.",
        "no_year": "No edition of this year's report can be downloaded at present.",
        "old_lead": "one in Chinese and one in English",
    },
}


def _published(world: World, lang: str = "zh") -> ReportJob:
    job = finished(world, lang=lang)
    editions.publish(job, world.secretariat)
    return job


def _withdraw(client: FlaskClient, auth: AuthActions, world: World, job: ReportJob) -> None:
    auth.login(world.secretariat.email)
    response = client.post(f"/reports/jobs/{job.id}/withdraw", data={"reason": REASON})
    assert response.status_code == 302
    auth.logout()


def _members_page(client: FlaskClient, auth: AuthActions, world: World, lang: str) -> str:
    auth.login(world.user_a.email)
    client.get("/lang/en" if lang == "en" else "/lang/zh_CN")
    response = client.get("/reports/annual-reports")
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def _row(page: str, job: ReportJob) -> str:
    return page.split(f'id="withdrawn-report-{job.id}"', 1)[1].split("</li>", 1)[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_withdrawn_edition_is_named_with_the_edition_in_force_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    first, second = _published(world), _published(world)
    db_session.commit()
    _withdraw(client, auth, world, second)
    page = _members_page(client, auth, world, lang)
    words = WORDS[lang]
    row = _row(page, second)
    assert words["withdrawn"] in row
    assert words["back"] in row  # edition 1 is in force again
    assert f"/annual-reports/{second.id}/download" not in page
    assert f'id="annual-report-{first.id}"' in page
    assert words["one"] in page  # only Chinese was ever published
    assert words["old_lead"] not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_withdrawn_edition_replaced_since_and_a_year_with_none_left(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    _published(world, lang="en")
    first = _published(world)
    db_session.commit()
    _withdraw(client, auth, world, first)
    words = WORDS[lang]
    page = _members_page(client, auth, world, lang)
    assert words["none"] in _row(page, first)  # no Chinese edition left
    auth.logout()
    third = _published(world)  # edition 2 of Chinese (numbers go on per language)
    db_session.commit()
    page = _members_page(client, auth, world, lang)
    number = third.edition
    assert number == 2
    replaced = words["replaced"].replace("3", str(number))
    assert replaced in _row(page, first)
    assert words["one"] not in page  # both languages again


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_whose_only_edition_was_withdrawn_says_none_can_be_downloaded(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    only = _published(world)
    db_session.commit()
    _withdraw(client, auth, world, only)
    page = _members_page(client, auth, world, lang)
    assert f'id="withdrawn-report-{only.id}"' in page
    assert WORDS[lang]["no_year"] in page
    assert 'id="no-annual-reports"' not in page


def test_members_are_told_by_mail_in_their_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    world.user_b.language = "en"
    _published(world)
    second = _published(world)
    db_session.commit()
    _withdraw(client, auth, world, second)
    mails = list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)))
    by_address = {mail.to_address: mail for mail in mails}
    # the two organisations' users; the secretariat (no organisation) does not read the page
    assert set(by_address) == {world.user_a.email, world.user_b.email}
    chinese, english = by_address[world.user_a.email], by_address[world.user_b.email]
    assert "2025 年度责任关怀报告第 2 版已撤回" in chinese.subject
    assert REASON in chinese.body
    assert "现行的中文版为第 1 版。" in chinese.body
    assert "/reports/annual-reports" in chinese.body
    assert english.subject == "Responsible Care report 2025: edition 2 withdrawn"
    assert "The Chinese edition in force is edition 1." in english.body
    assert REASON in english.body


def test_withdrawing_the_workbook_mails_nobody(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    from rcapp.reports.models import JobKind

    world = closed_world(db_session)
    workbook = finished(world, JobKind.ANNUAL_WORKBOOK)
    editions.publish(workbook, world.secretariat)
    db_session.commit()
    _withdraw(client, auth, world, workbook)
    assert not list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reason_written_before_it_was_asked_for_members_stays_internal(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    job = _published(world)
    db_session.commit()
    _withdraw(client, auth, world, job)
    # a withdrawal recorded before the form said members read the reason
    params = json.loads(job.params or "{}")
    del params["withdrawn"]["for_members"]
    job.params = json.dumps(params, ensure_ascii=False)
    db_session.commit()
    row = _row(_members_page(client, auth, world, lang), job)
    assert REASON not in row
    assert ("撤回本版，不再提供下载。" if lang == "zh" else "no longer be downloaded") in row
