"""A reminder to an organisation that can no longer submit (QA13 D6).

After the deadline, one without a late allowance (or whose allowance ended) gets an
"overdue" notice asking it to contact the secretariat, not a call to submit before a day
that has passed; one within its extension still gets the usual reminder. The secretariat
is told which organisations got the overdue notice.
"""

from __future__ import annotations

import datetime as dt
import html

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.clock import beijing_today
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_user


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _signed(name_zh: str, name_en: str) -> Organisation:
    return make_organisation(
        name_zh=name_zh, name_en=name_en, commitment_status=CommitmentStatus.SIGNED
    )


def _mails(db_session: Session, organisation: Organisation) -> dict[str, OutboxMessage]:
    db_session.expire_all()
    rows = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.organisation_id == organisation.id)
    )
    return {m.lang: m for m in rows}


def _set_up(db_session: Session) -> tuple[ReportingCycle, Organisation, Organisation]:
    cycle = make_cycle(deadline=_days(-4))
    late = _signed("鲁东化肥", "Ludong Fertiliser")
    make_user(late, email="zh@example.cn")
    make_user(late, OrgRole.ADMIN, email="en@example.cn").language = "en"
    extended = _signed("临海氯碱", "Linhai Chlor-Alkali")
    make_user(extended, email="ext@example.cn")
    db_session.add(LateAllowance(cycle_id=cycle.id, organisation_id=extended.id, until=_days(10)))
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    return cycle, late, extended


def test_an_overdue_organisation_is_told_it_is_late_not_to_submit_by_a_past_day(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle, late, extended = _set_up(db_session)
    auth.login("sec@example.cn")
    response = client.post(
        f"/cycles/{cycle.id}/remind",
        data={"organisation_ids": [late.id, extended.id]},
        follow_redirects=True,
    )
    page = html.unescape(response.get_data(as_text=True))
    assert "以下单位已逾期且未获准逾期提交" in page
    assert "鲁东化肥" in page.split("以下单位已逾期且未获准逾期提交", 1)[1].split("</", 1)[0]
    assert "临海氯碱" not in page.split("以下单位已逾期且未获准逾期提交", 1)[1].split("</", 1)[0]

    mails = _mails(db_session, late)
    zh, en = mails["zh_CN"] if "zh_CN" in mails else mails["zh"], mails["en"]
    past = _days(-4).isoformat()
    assert zh.subject == "2025 年度责任关怀自评已逾期"
    assert past not in zh.subject
    assert "请联系秘书处" in zh.body
    assert "请登录系统完成并提交自评" not in zh.body
    assert "暂不能提交" in zh.body
    assert en.subject == "Your 2025 Responsible Care self-assessment is overdue"
    assert "contact the secretariat" in en.body
    assert "complete and submit" not in en.body

    # Within its extension: the usual reminder with its own (future) day.
    (ext,) = _mails(db_session, extended).values()
    assert ext.subject.startswith("提醒：请在 " + _days(10).isoformat())
    assert "请登录系统完成并提交自评" in ext.body


def test_an_organisation_whose_extension_ended_is_overdue_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle, _late, extended = _set_up(db_session)
    allowance = db_session.scalar(select(LateAllowance))
    assert allowance is not None
    allowance.until = _days(-1)
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(f"/cycles/{cycle.id}/remind", data={"organisation_ids": [extended.id]})
    (mail,) = _mails(db_session, extended).values()
    assert mail.subject == "2025 年度责任关怀自评已逾期"
    assert "请登录系统完成并提交自评" not in mail.body
