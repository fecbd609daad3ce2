"""The secretariat runs the cycle: who is where, reminders by e-mail, deadlines, closing."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus, ItemComment
from rcapp.mail.debug_server import DebugSmtpServer
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
    make_world,
    start,
    submitted_assessment,
)
from tests.mail_server import smtp_server  # noqa: F401 - fixture
from tests.web.helpers import member_with_assessment

SIGNED = {"commitment_status": CommitmentStatus.SIGNED}


T = TypeVar("T")


def _fresh(session: Session, row: T) -> T:
    """The row as the database has it now (also resets mypy's narrowing of its fields)."""
    session.refresh(row)
    return row


def _signed(name: str) -> Organisation:
    return make_organisation(name_zh=name, **SIGNED)


def _roster(client: FlaskClient, cycle_id: int, **args: str) -> str:
    response = client.get(f"/cycles/{cycle_id}/organisations", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_roster_lists_every_organisation_with_its_status(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    idle = _signed("未开始化工")
    drafting = _signed("草稿化工")
    done = _signed("已提交化工")
    make_assessment(drafting, cycle)
    make_assessment(done, cycle, status=AssessmentStatus.SUBMITTED, stars=3)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _roster(client, cycle.id)
    for org in (idle, drafting, done):
        assert org.name_zh in page
    assert "★★★☆☆" in page
    not_started = _roster(client, cycle.id, status="not_started")
    assert idle.name_zh in not_started
    assert drafting.name_zh not in not_started
    assert done.name_zh not in not_started
    still_open = _roster(client, cycle.id, status="open")
    assert idle.name_zh in still_open
    assert drafting.name_zh in still_open
    assert done.name_zh not in still_open
    assert idle.name_zh not in _roster(client, cycle.id, q="草稿")


def test_the_roster_sorts_by_stars_with_the_unrated_last(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    for name, stars in (("一星化工", 1), ("四星化工", 4), ("二星化工", 2)):
        make_assessment(_signed(name), cycle, status=AssessmentStatus.SUBMITTED, stars=stars)
    _signed("未评化工")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _roster(client, cycle.id, sort="stars", order="desc")
    order = [page.index(n) for n in ("四星化工", "二星化工", "一星化工", "未评化工")]
    assert order == sorted(order)
    page = _roster(client, cycle.id, sort="stars", order="asc")
    order = [page.index(n) for n in ("一星化工", "二星化工", "四星化工", "未评化工")]
    assert order == sorted(order)
    assert 'aria-sort="ascending"' in page


def test_a_reminder_reaches_the_smtp_server_in_each_recipients_language(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    cycle = make_cycle()
    late = _signed("迟迟化工")
    make_user(late, email="zh@example.cn", name="张工")
    make_user(late, OrgRole.ADMIN, email="en@example.cn", name="Li").language = "en"
    submitted = _signed("早早化工")
    make_user(submitted, email="done@example.cn")
    make_assessment(submitted, cycle, status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        f"/cycles/{cycle.id}/remind", data={"organisation_ids": [late.id, submitted.id]}
    )
    assert response.status_code == 302
    by_address = {r.recipients[0]: r for r in smtp_server.received}
    assert set(by_address) == {"zh@example.cn", "en@example.cn"}  # not the one who submitted
    assert "提醒" in by_address["zh@example.cn"].subject
    assert "迟迟化工" in by_address["zh@example.cn"].body
    assert by_address["en@example.cn"].subject.startswith("Reminder: please submit")
    assert "days left" in by_address["en@example.cn"].body
    db_session.expire_all()
    statuses = {m.status for m in db_session.scalars(select(OutboxMessage))}
    assert statuses == {MessageStatus.SENT}
    outbox = client.get("/outbox/").get_data(as_text=True)
    assert "zh@example.cn" in outbox
    assert "已发送" in outbox


def test_an_unreachable_smtp_server_leaves_the_message_pending_with_the_error(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cycle = make_cycle()
    org = _signed("迟迟化工")
    make_user(org, email="zh@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    response = client.post(f"/cycles/{cycle.id}/remind", data={"organisation_ids": [org.id]})
    assert response.status_code == 302  # the page does not wait for or fail on the SMTP server
    message = db_session.scalars(select(OutboxMessage)).one()
    db_session.refresh(message)
    assert message.status is MessageStatus.PENDING
    assert message.attempts == 1
    assert message.last_error
    outbox = client.get("/outbox/").get_data(as_text=True)
    assert "待发送</span>" in outbox
    # The cause in words (QA13 S10), not the exception's own text.
    assert "无法连接邮件服务器 127.0.0.1:1" in outbox
    assert "ConnectionRefusedError" not in outbox


def test_a_past_deadline_is_saved_but_one_before_opening_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # QA13 D4: a deadline that has passed can be recorded (no one is made late here, so
    # nothing to confirm); only a day before the year opened is refused.
    cycle = make_cycle()
    cycle.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)  # opened two months ago
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    yesterday = beijing_today() - dt.timedelta(days=1)
    page = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": yesterday.isoformat()})
    assert page.status_code == 302
    db_session.refresh(cycle)
    assert cycle.deadline == yesterday
    cycle.created_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)  # opened "later"
    db_session.commit()
    soon = (beijing_today() + dt.timedelta(days=2)).isoformat()
    page = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": soon})
    assert "截止日期不能早于本年度开启的日期" in page.get_data(as_text=True)
    db_session.refresh(cycle)
    assert cycle.deadline == yesterday


def test_after_the_deadline_only_the_secretariat_can_allow_a_late_submission(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    world.cycle.deadline = beijing_today() - dt.timedelta(days=3)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.post(f"/assessments/{assessment.id}/submit", follow_redirects=True)
    assert "提交截止日期已过" in page.get_data(as_text=True)
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.DRAFT
    auth.logout()
    auth.login(world.secretariat.email)
    until = beijing_today().isoformat()
    response = client.post(
        f"/cycles/{world.cycle.id}/late/{world.org_a.id}", data={"until": until, "shown": ""}
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(world.user_a.email)
    client.post(f"/assessments/{assessment.id}/submit")
    assert _fresh(db_session, assessment).status is AssessmentStatus.SUBMITTED
    auth.logout()
    auth.login(world.secretariat.email)
    assert "逾期提交" in _roster(client, world.cycle.id, status="late")


def test_an_organisation_cannot_allow_itself_a_late_submission(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    assert client.post(f"/cycles/{world.cycle.id}/late/{world.org_a.id}").status_code == 403


def test_closing_asks_first_and_lists_what_is_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    cycle = world.cycle
    draft = start(world)  # a draft with every item answered: 100 % done
    fill_complete(draft, world.user_a)
    world.org_a.commitment_status = CommitmentStatus.SIGNED
    _signed("未开始化工")
    make_assessment(_signed("已提交化工"), cycle, status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    for response in (
        client.get(f"/cycles/{cycle.id}/close"),
        client.post(f"/cycles/{cycle.id}/close"),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "还有 2 个单位尚未提交" in page
        assert world.org_a.name_zh in page
        assert "完成度 100%" in page  # the draft's progress, read for the listed rows
        assert "未开始化工" in page
        # the submitted one is not among those not submitted, only among those with no
        # reviewer assigned (QA37 S2)
        not_submitted, _sep, rest = page.partition('id="unreviewed"')
        assert "已提交化工" not in not_submitted
        assert "已提交化工" in rest
    db_session.refresh(cycle)
    assert cycle.status is CycleStatus.OPEN
    client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    assert _fresh(db_session, cycle).status is CycleStatus.CLOSED


def test_returning_with_item_notes_shows_them_beside_the_items(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    form = client.get(f"/cycles/assessments/{assessment.id}/return").get_data(as_text=True)
    assert 'name="note-MS.G1.1"' in form
    response = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "请补充证据", "note-MS.G1.1": "承诺书未盖章", "note-MS.G1.2": "  "},
    )
    assert response.status_code == 302
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RETURNED
    notes = db_session.scalars(select(ItemComment)).all()
    assert [(n.item_id, n.comment) for n in notes] == [("MS.G1.1", "承诺书未盖章")]
    auth.logout()
    auth.login(world.user_a.email)
    section = client.get(f"/assessments/{assessment.id}/sections/MS").get_data(as_text=True)
    note_at = section.index("承诺书未盖章")
    assert section.index('id="item-MS.G1.1"') < note_at < section.index('id="item-MS.G1.2"')
    home = client.get("/").get_data(as_text=True)
    assert "请补充证据" in home
    assert "另有 1 条针对具体评价项的意见" in home
    # The noted item is listed with a link to it on its section page (found by QA).
    link = f'href="/assessments/{assessment.id}/sections/MS#item-MS.G1.1"'
    assert link in home
    assert "#item-MS.G1.2" not in home.split("另有 1 条", 1)[1].split("</ul>", 1)[0]


def test_an_item_note_loses_control_characters_that_postgresql_refuses(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "请补充证据", "note-MS.G1.1": "承诺书\x00未盖章\x07"},
    )
    assert response.status_code == 302
    notes = db_session.scalars(select(ItemComment)).all()
    assert [(n.item_id, n.comment) for n in notes] == [("MS.G1.1", "承诺书未盖章")]


def test_a_return_without_a_comment_keeps_the_notes_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/cycles/assessments/{assessment.id}/return",
        data={"comment": "", "note-MS.G1.1": "承诺书未盖章"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请填写退回意见" in page
    assert "承诺书未盖章</textarea>" in page
    db_session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_the_cycle_pages_refuse_everyone_but_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    for url in (
        f"/cycles/{world.cycle.id}/organisations",
        f"/cycles/{world.cycle.id}/close",
        f"/cycles/assessments/{assessment.id}/return",
        "/outbox/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/cycles/{world.cycle.id}/remind").status_code == 403
    assert client.post("/outbox/deliver").status_code == 403


def test_a_long_list_comes_in_pages_with_progress_sorted_across_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    cycle = world.cycle
    for n in range(103):  # an1 da2: before the factories' 测试 (ce4 shi4) in pinyin order
        _signed(f"安达化工{n:03d}")
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    furthest = start(world, world.org_b)  # the only one with answers: the highest progress
    fill_complete(furthest, world.user_b)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    first = _roster(client, cycle.id)
    assert "共 104 家 · 每页 100 个。" in first
    assert "第 1 / 2 页" in first
    assert first.count("<tr>") == 101  # the header and 100 organisations
    assert "安达化工099" in first
    second = _roster(client, cycle.id, page="2")
    assert "第 2 / 2 页" in second
    assert "安达化工099" not in second
    assert "安达化工102" in second
    # Sorted by progress, the one organisation with answers leads, even from the last page.
    by_progress = _roster(client, cycle.id, sort="progress", order="desc")
    rows = by_progress.split("<tr>")[2:]
    assert world.org_b.name_zh in rows[0]
    assert "100%" in rows[0]
    assert "0%" in rows[1]
    close = client.get(f"/cycles/{cycle.id}/close").get_data(as_text=True)
    assert "还有 104 个单位尚未提交" in close
    assert close.count("安达化工") == 100  # the first 100 by name are listed, the rest counted
    assert "以及另外 4 个单位" in close


def test_remind_everyone_the_filter_shows_on_every_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    for n in range(3):
        make_user(_signed(f"江苏未交{n}"), email=f"js{n}@example.cn")
    make_user(_signed("山东未交"), email="sd@example.cn")
    done = _signed("江苏已交")
    make_user(done, email="done@example.cn")
    make_assessment(done, cycle, status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = _roster(client, cycle.id, q="江苏")
    assert "向筛选出的全部 3 个未提交单位发送提醒" in page
    response = client.post(
        f"/cycles/{cycle.id}/remind",
        data={"everyone": "1", "status": "all", "kind": "", "q": "江苏"},
        follow_redirects=True,
    )
    assert "已安排向 3 个单位发送提醒" in response.get_data(as_text=True)
    sent = set(db_session.scalars(select(OutboxMessage.to_address)))
    assert sent == {"js0@example.cn", "js1@example.cn", "js2@example.cn"}


def test_the_close_page_lists_who_has_not_submitted_a_to_z_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    # By Chinese code points 丙 < 乙 < 甲, the reverse of Alpha < Beta < Gamma.
    make_organisation(name_zh="甲化工", name_en="Alpha Chemicals", **SIGNED)
    make_organisation(name_zh="丙化工", name_en="Gamma Chemicals", **SIGNED)
    make_organisation(name_zh="乙化工", name_en="Beta Chemicals", **SIGNED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.get(f"/cycles/{cycle.id}/close").get_data(as_text=True)
    assert page.index("Alpha") < page.index("Beta") < page.index("Gamma")


def test_the_roster_says_which_stars_it_shows(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The annual workbook and report give the final stars after peer review; the roster
    # shows those too once a review is final (tests/web/test_stars_of_record.py) and marks
    # self-assessed stars as provisional, so the two never look contradictory.
    cycle = make_cycle()
    company = make_organisation(name_zh="已提交化工", name_en="Submitted Chemicals", **SIGNED)
    make_assessment(company, cycle, status=AssessmentStatus.SUBMITTED, stars=1)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    row = _roster(client, cycle.id).split("已提交化工")[1].split("</tr>")[0]
    assert "1 星" in row
    assert "暂定" in row
    client.get("/lang/en")
    row = _roster(client, cycle.id).split("Submitted Chemicals")[1].split("</tr>")[0]
    assert "1 star" in row
    assert "Provisional" in row


def test_a_reminder_names_the_organisations_nobody_could_receive_it_for(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # They were counted as reminded ("2 organisations, 1 e-mail") with no one to write to.
    cycle = make_cycle()
    staffed = _signed("有人化工")
    make_user(staffed, email="hse@example.cn")
    empty = _signed("无人化工")
    gone = _signed("停用化工")
    make_user(gone, email="left@example.cn").is_active = False
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        f"/cycles/{cycle.id}/remind",
        data={"organisation_ids": [staffed.id, empty.id, gone.id]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    # Only queued, not yet sent (QA13 S11): say so as the outbox does.
    assert "已安排向 1 个单位发送提醒（1 封邮件）" in page
    assert "已向 1 个单位发送提醒" not in page
    assert "以下单位没有在用的账号，未能发送提醒：停用化工、无人化工" in page  # roster order
    alone = client.post(
        f"/cycles/{cycle.id}/remind", data={"organisation_ids": [empty.id]}, follow_redirects=True
    ).get_data(as_text=True)
    assert "已安排向" not in alone
    assert "未能发送提醒：无人化工" in alone


def test_reminders_return_to_the_filtered_list_with_one_full_stop_after_a_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA31 S3: the filter the reminders were sent from is kept; "Ltd.." ends once."""
    cycle = make_cycle()
    cycle.deadline = beijing_today() - dt.timedelta(days=3)
    ludong = make_organisation(
        name_zh="鲁东化肥有限公司", name_en="Ludong Fertiliser Co., Ltd.", **SIGNED
    )
    make_user(ludong, email="ld@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    posted = {"organisation_ids": [ludong.id], "status": "overdue"}
    first = client.post(f"/cycles/{cycle.id}/remind", data=posted)
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"/cycles/{cycle.id}/organisations?status=overdue")
    again = client.post(f"/cycles/{cycle.id}/remind", data=posted, follow_redirects=True)
    page = again.get_data(as_text=True).replace("&#39;", "'")
    assert "Ludong Fertiliser Co., Ltd." in page
    assert "Ltd.." not in page
    plain = client.post(f"/cycles/{cycle.id}/remind", data={"organisation_ids": [ludong.id]})
    assert plain.headers["Location"].endswith("?status=open")  # unfiltered: as before


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh_CN", "该年度已经关闭，不能再退回自评。"), ("en", "This year is closed")],
)
def test_the_return_page_of_a_closed_year_says_the_year_is_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """QA31 S2: a return link opened before the close explains itself, not a 403."""
    world = make_world()
    assessment = submitted_assessment(world)
    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    response = client.get(f"/cycles/assessments/{assessment.id}/return")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert said in page
    assert client.post(f"/cycles/assessments/{assessment.id}/return").status_code == 302
    auth.login(world.user_a.email)  # anyone else: still refused
    assert client.get(f"/cycles/assessments/{assessment.id}/return").status_code == 403
