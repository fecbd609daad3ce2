"""The secretariat's extensions and reminders, as a new secretariat user met them (QA, Dec 2026).

An extension (延期) can be granted while the year is open, before its deadline too, from the
year's list, the organisation's page and the assessment's overview; the organisation's users
are e-mailed the new day and the reason, and the confirmation names them. A reminder to a
returned assessment says it was returned and when; English mails greet a person as the pages
write the name. A user of a company that takes part from a year not open yet is told so.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import roster
from rcapp.assessments.services import return_assessment
from rcapp.clock import beijing_today
from rcapp.cycles.deadline_mail import moved_for
from rcapp.cycles.deadlines import may_submit_now
from rcapp.cycles.late_allowances import find_allowance
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import World, make_organisation, make_user, make_world, start
from tests.factories import submitted_assessment as submit_a


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _mails(session: Session, organisation: Organisation, kind: str) -> dict[str, OutboxMessage]:
    session.expire_all()
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.organisation_id == organisation.id, OutboxMessage.kind == kind
        )
    )
    return {m.to_address: m for m in rows}


def _world(session: Session, deadline_in: int = 14) -> World:
    """Org A signed, with a Chinese-reading user (user_a) and an English one, 顾晨."""
    world = make_world()
    world.cycle.deadline = _days(deadline_in)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    make_user(world.org_a, email="gu.chen@example.cn", name="顾晨").language = "en"
    session.commit()
    return world


def test_an_extension_asked_for_ahead_is_granted_and_mailed_with_its_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    form = _text(client.get(url).get_data(as_text=True))
    assert "给予延期：" in form
    assert "保存后将以邮件把延期日期和原因通知本单位：" in form
    assert "顾晨" in form.split("保存后将以邮件", 1)[1].split("。", 1)[0]

    until = _days(30)
    response = client.post(
        url,
        data={"until": until.isoformat(), "shown": "", "reason": "装置检修，申请延后两周"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = _text(response.get_data(as_text=True))
    assert f"已允许“{world.org_a.name_zh}”逾期提交，延期至 {until.isoformat()}。" in page
    told = page.split("已发邮件通知：", 1)[1].split("。", 1)[0]
    assert "顾晨" in told
    assert world.user_a.name in told
    allowance = find_allowance(world.cycle.id, world.org_a.id)
    assert allowance is not None
    assert allowance.until == until

    mails = _mails(db_session, world.org_a, "late.allow")
    zh, en = mails[world.user_a.email], mails["gu.chen@example.cn"]
    assert zh.subject == f"2025 年度自评延期至 {until.isoformat()} 24:00：{world.org_a.name_zh}"
    assert f"提交截止日期延至 {until.isoformat()} 24:00（北京时间）" in zh.body
    assert "延期原因：装置检修，申请延后两周" in zh.body
    assert en.subject.startswith(f"2025 self-assessment extended to 24:00 on {until.isoformat()}")
    assert f"is now due by 24:00 on {until.isoformat()} (Beijing time)" in en.body
    assert "Reason for the extension: 装置检修，申请延后两周" in en.body
    assert en.body.startswith("Dear 顾晨 (Gu Chen),")
    assert not _mails(db_session, world.org_b, "late.allow")


def test_in_english_the_grant_and_who_was_told_are_two_spaced_sentences(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    auth.choose_language("en")
    until = _days(30).isoformat()
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    page = client.post(url, data={"until": until, "shown": ""}, follow_redirects=True)
    text = _text(page.get_data(as_text=True))
    assert f"may now submit late, until {until}. E-mailed: " in text


def test_an_unchanged_day_mails_nobody(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    data = {"until": _days(30).isoformat(), "shown": ""}
    client.post(url, data=data, follow_redirects=True)  # shows (and so ends) its flash
    data["shown"] = _days(30).isoformat()
    page = _text(client.post(url, data=data, follow_redirects=True).get_data(as_text=True))
    assert "未作修改" in page
    assert "已发邮件通知" not in page
    assert len(_mails(db_session, world.org_a, "late.allow")) == 2  # the first grant's only


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_list_the_organisation_page_and_the_overview_offer_the_extension(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = _world(db_session)
    assessment = start(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    late_url = f"/cycles/{world.cycle.id}/late/{world.org_a.id}"
    listed = client.get(f"/cycles/{world.cycle.id}/organisations").get_data(as_text=True)
    assert f'href="{late_url}">{"给予延期…" if lang == "zh_CN" else "Grant an extension…"}' in (
        html.unescape(listed)
    )
    link = (
        f'href="{late_url}" class="extension-link">{"延期…" if lang == "zh_CN" else "Extension…"}'
    )
    for page in (f"/organisations/{world.org_a.id}", f"/assessments/{assessment.id}"):
        assert link in html.unescape(client.get(page).get_data(as_text=True)), page


def test_an_extension_granted_ahead_holds_after_the_years_deadline(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    """Late, can still submit and who a moved deadline is mailed: all by the own day."""
    world = _world(db_session, deadline_in=3)
    start(world)
    start(world, world.org_b)
    auth.login(world.secretariat.email)
    client.post(
        f"/cycles/{world.cycle.id}/late/{world.org_a.id}",
        data={"until": _days(20).isoformat(), "shown": ""},
    )
    world.cycle.deadline = _days(-1)  # the year's deadline has passed since
    db_session.commit()
    today = beijing_today()
    rows = {r.organisation.id: r for r in roster.roster(world.cycle, today)}
    assert not rows[world.org_a.id].late
    assert rows[world.org_b.id].late
    assert may_submit_now(world.cycle, world.org_a.id, today)
    assert not may_submit_now(world.cycle, world.org_b.id, today)
    moved = moved_for(rows.values(), _days(3), _days(-1))
    assert [r.organisation.id for r in moved] == [world.org_b.id]


def test_a_reminder_to_a_returned_assessment_says_it_was_returned(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world(db_session)
    assessment = submit_a(world)
    return_assessment(assessment, "请补充应急演练记录", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.post(f"/cycles/{world.cycle.id}/remind", data={"organisation_ids": [world.org_a.id]})
    mails = _mails(db_session, world.org_a, "reminder")
    zh, en = mails[world.user_a.email], mails["gu.chen@example.cn"]
    today = beijing_today().isoformat()
    assert f"已于 {today} 被秘书处退回修改，尚未重新提交" in zh.body
    assert "阅读秘书处的退回意见和逐项批注" in zh.body
    assert "尚未提交。" not in zh.body
    assert zh.subject.startswith("提醒：贵单位 2025 年度责任关怀自评已退回修改")
    assert "returned the 2025 Responsible Care self-assessment of" in en.body
    assert f"for correction on {today}" in en.body
    assert "read the secretariat's comment and notes" in en.body
    assert en.body.startswith("Dear 顾晨 (Gu Chen),")
    assert zh.body.startswith(f"{world.user_a.name}，您好：")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "本单位自 {year} 年度起参加；该年度开启后即可填写自评。"),
        ("en", "Your organisation takes part from the {year} reporting year"),
    ],
)
def test_a_company_signed_this_year_is_told_at_home_from_which_year_it_takes_part(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    year = beijing_today().year
    organisation = make_organisation(
        commitment_status=CommitmentStatus.SIGNED, commitment_signed_on=beijing_today()
    )
    user = make_user(organisation)
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}")
    home = _text(client.get("/").get_data(as_text=True))
    assert said.format(year=year) in home
