"""The last mails and pages that quoted typed Chinese without the note, or a name without pinyin.

An English reader got the secretariat's return comment and item notes, an extension's and a
report withdrawal's reason, a reviewer's own reason on the review page and a company's
closing evidence in Chinese with nothing saying so, and invitation and join-attempt mails
named a person by the Chinese name alone. Now: the same note the other mails and pages give
("Written by the secretariat in Chinese; shown as written."), the text marked lang="zh-CN"
on pages, and the name with its pinyin. Chinese mails and pages say nothing more.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import return_mail
from rcapp.assessments.queries import rubric_of
from rcapp.mail.models import OutboxMessage
from rcapp.reports.withdrawal_mail import KIND as WITHDRAWN
from rcapp.reviews import reviewing
from rcapp.reviews.models import Decision, FindingKind
from tests.conftest import AuthActions
from tests.factories import make_cast, make_user, make_world, submitted_assessment
from tests.factories_reviews import assign_all, make_review_world
from tests.web.reports.test_editions import closed_world
from tests.web.reports.test_withdrawn_editions_for_members import REASON as WITHDRAWAL
from tests.web.reports.test_withdrawn_editions_for_members import _published, _withdraw
from tests.web.test_action_reopen_due_mail import _lead_sees_closed_action
from tests.web.test_extension_ahead import _days, _mails
from tests.web.test_extension_ahead import _world as extension_world
from tests.web.test_return_mail_items import _Rubric
from tests.web.written_notes import BY_REVIEWER, BY_SECRETARIAT, IN_GENERAL, NOTE, SAID


def test_the_return_mail_notes_the_secretariat_s_chinese_in_english(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    assessment.return_comment = "请补充演练记录"
    english = make_user(world.org_a, email="en@example.cn")
    english.language = "en"
    monkeypatch.setattr(return_mail, "rubric_of", lambda _assessment: _Rubric())

    sent = return_mail.queue_return_notice(assessment, world.secretariat, {"MS.G5.4": "证明未上传"})

    bodies = {m.to_address: m.body for m in sent}
    en, zh = bodies[english.email], bodies[world.user_a.email]
    assert f"请补充演练记录\n{BY_SECRETARIAT}\n" in en
    assert f"- MS.G5.4 Work-injury insurance is paid: 证明未上传\n{BY_SECRETARIAT}" in en
    assert (
        "退回意见：请补充演练记录\n\n逐项意见：\n- MS.G5.4 依法缴纳安全生产责任保险：证明未上传\n"
        in zh
    )
    assert SAID not in zh


def test_the_extension_mail_notes_its_chinese_reason_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = extension_world(db_session)
    auth.login(world.secretariat.email)
    client.post(
        f"/cycles/{world.cycle.id}/late/{world.org_a.id}",
        data={"until": _days(30).isoformat(), "shown": "", "reason": "装置检修"},
    )

    mails = _mails(db_session, world.org_a, "late.allow")

    en, zh = mails["gu.chen@example.cn"].body, mails[world.user_a.email].body
    assert f"Reason for the extension: 装置检修\n{BY_SECRETARIAT}\n" in en
    assert "延期原因：装置检修\n\n此前提醒中的日期不再适用" in zh
    assert SAID not in zh


def test_the_report_withdrawal_mail_notes_its_chinese_reason_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    world.user_b.language = "en"
    _published(world)
    second = _published(world)
    db_session.commit()

    _withdraw(client, auth, world, second)

    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == WITHDRAWN))
    bodies = {m.to_address: m.body for m in mails}
    en, zh = bodies[world.user_b.email], bodies[world.user_a.email]
    assert f"{WITHDRAWAL}\n{BY_SECRETARIAT}\n" in en
    assert f"撤回原因：{WITHDRAWAL}\n\n如您已下载本版" in zh
    assert SAID not in zh


@pytest.mark.parametrize(
    ("lang", "signed"),
    [("en", "陈静 (Chen Jing) (Jia Chemicals)"), ("zh_CN", "陈静（甲化工有限公司）")],
)
def test_an_invitation_names_the_inviting_colleague_with_pinyin_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, signed: str
) -> None:
    cast = make_cast()
    cast.admin.name = "陈静"
    cast.organisation.name_en = "Jia Chemicals"
    db_session.commit()
    auth.login("admin@example.cn")
    data = {"name": "王工", "email": "wang@example.cn", "role": "member", "language": lang}
    client.post(f"/organisations/{cast.organisation.id}/users", data=data)

    statement = select(OutboxMessage).where(OutboxMessage.to_address == "wang@example.cn")
    mail = db_session.scalars(statement).one()

    assert mail.subject.startswith(signed)
    assert mail.body.rstrip().endswith(f"\n\n{signed}")


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "\n\n管理员 (Guan Liyuan) ("), ("zh_CN", "\n\n管理员（甲化工有限公司）于 ")],
)
def test_a_join_attempt_names_who_tried_with_pinyin_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    cast = make_cast()
    cast.other_admin.language = lang
    db_session.commit()
    auth.login("admin@example.cn")
    data = {"name": "王工", "email": "other@example.cn", "role": "member", "language": "zh_CN"}
    client.post(f"/organisations/{cast.organisation.id}/users", data=data)

    statement = select(OutboxMessage).where(OutboxMessage.to_address == "other@example.cn")
    mail = db_session.scalars(statement).one()

    assert said in mail.body
    assert ("Guan Liyuan" in mail.body) is (lang == "en")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_review_page_marks_the_reviewer_s_submitted_reason_and_findings(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["C1.E1.1"]
    reviewing.save_decision(
        first, item, False, Decision.ADJUST, 1, "演练记录不完整", first.reviewer
    )
    reviewing.add_finding(
        first, FindingKind.CORRECTIVE_ACTION, "演练评估报告缺签字", "C1.E1.1", "王工",
        dt.date(2026, 6, 30), first.reviewer,
    )  # fmt: skip
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    db_session.commit()
    auth.login(first.reviewer.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/assignments/{first.id}?section=C1").get_data(as_text=True)

    reason = page.split('class="decision-reason"', 1)[1].split("</div>", 1)[0]
    assert '<span lang="zh-CN">演练记录不完整</span></p>' in reason
    findings = page.split('id="findings"', 1)[1].split("</table>", 1)[0]
    assert '<span lang="zh-CN">演练评估报告缺签字</span>' in findings
    assert '<td><span lang="zh-CN">王工</span></td>' in findings
    if lang == "en":
        assert NOTE.format(BY_REVIEWER) in reason
        assert NOTE.format(BY_REVIEWER) in findings
    else:
        assert "written-note" not in page
        assert SAID not in page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_action_s_closing_evidence_is_marked_and_noted_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    action = _lead_sees_closed_action(db_session, auth)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reviews/{action.review_id}/final").get_data(as_text=True)

    block = page.split(f'id="action-{action.id}"', 1)[1].split("</div>", 1)[0]
    evidence = block.split('<span lang="zh-CN">补签后的评估报告 PJ-07</span></p>', 1)
    assert len(evidence) == 2
    if lang == "en":
        assert evidence[1].lstrip().startswith(NOTE.format(IN_GENERAL))
    else:
        assert SAID not in page
        assert "整改证据：<span" in block
