"""A lead reminds the group's members that have not submitted, and sees whom to contact (qa72 M1).

The group's progress page (/cycles/<id>/groups/<gid>) offered neither: the lead had to ask
the secretariat. It now queues reminders through the secretariat's machinery (the outbox,
once a day per person, audited), only to the lead's own group's members not submitted and
only while the year is open, and lists each such member's admins with their addresses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from rcapp.assessments import services
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation, WorkingGroup
from tests.conftest import AuthActions
from tests.factories import (
    fill_complete,
    make_cycle,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)


@dataclass
class Group:
    cycle: ReportingCycle
    group: WorkingGroup
    waiting: Organisation  # not started: two users, one of them its admin
    drafting: Organisation  # a draft: one admin
    done: Organisation  # submitted
    outsider: Organisation  # not started, in no group of the lead's
    lead_email: str


def _org(code: str) -> Organisation:
    return make_organisation(
        name_zh=f"{code}化工",
        name_en=f"{code} Chemicals",
        commitment_status=CommitmentStatus.SIGNED,
    )


@pytest.fixture
def year(db_session: Session, auth: AuthActions) -> Group:
    cycle = make_cycle(deadline=beijing_today() + dt.timedelta(days=7))
    group = make_working_group()
    waiting, drafting, done, outsider = _org("Alpha"), _org("Beta"), _org("Gamma"), _org("Delta")
    group.organisations.extend([waiting, drafting, done])
    make_user(waiting, OrgRole.ADMIN, name="林静", email="lin@alpha.example.cn")
    make_user(waiting, email="staff@alpha.example.cn")
    beta_admin = make_user(drafting, OrgRole.ADMIN, email="admin@beta.example.cn")
    services.get_or_start_assessment(drafting, cycle, beta_admin)
    gamma_admin = make_user(done, OrgRole.ADMIN, email="admin@gamma.example.cn")
    submitted = services.get_or_start_assessment(done, cycle, gamma_admin)
    fill_complete(submitted, gamma_admin)
    services.submit_assessment(submitted, gamma_admin)
    make_user(outsider, OrgRole.ADMIN, email="admin@delta.example.cn")
    lead = make_user(make_organisation(), email="lead@example.cn")
    make_group_role(lead, group, GroupRole.LEAD)
    db_session.commit()
    auth.login(lead.email)
    return Group(cycle, group, waiting, drafting, done, outsider, lead.email)


def _page(year: Group) -> str:
    return f"/cycles/{year.cycle.id}/groups/{year.group.id}"


def _sent(db_session: Session) -> list[tuple[int | None, str]]:
    rows = db_session.execute(
        select(OutboxMessage.organisation_id, OutboxMessage.to_address)
        .where(OutboxMessage.kind == "reminder")
        .order_by(OutboxMessage.to_address)
    )
    return [(org_id, address) for org_id, address in rows]


@pytest.mark.parametrize(
    ("lang", "button", "contact"),
    [
        ("zh", "向勾选的单位发送提醒邮件", "林静"),
        ("en", "Send a reminder e-mail to the ticked organisations", "林静</span> (Lin Jing)"),
    ],
)
def test_the_progress_page_offers_reminders_and_the_members_contacts(
    client: FlaskClient, year: Group, auth: AuthActions, lang: str, button: str, contact: str
) -> None:
    auth.choose_language(lang)
    page = client.get(_page(year)).get_data(as_text=True)
    assert button in page
    assert contact in page
    assert 'href="mailto:lin@alpha.example.cn"' in page
    assert "admin@beta.example.cn" in page
    assert "admin@gamma.example.cn" not in page  # submitted: nobody to chase
    assert f'name="organisation_ids" value="{year.waiting.id}"' in page
    assert f'name="organisation_ids" value="{year.done.id}"' not in page


def test_a_lead_reminds_ticked_members_of_the_own_group_only_and_once_a_day(
    client: FlaskClient, db_session: Session, year: Group
) -> None:
    ids = [year.waiting.id, year.done.id, year.outsider.id]
    response = client.post(f"{_page(year)}/remind", data={"organisation_ids": ids})
    assert response.status_code == 302
    assert _sent(db_session) == [
        (year.waiting.id, "lin@alpha.example.cn"),
        (year.waiting.id, "staff@alpha.example.cn"),
    ]
    page = client.get(_page(year)).get_data(as_text=True)
    assert "已安排向 1 个单位发送提醒（2 封邮件）" in page
    audit = db_session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "cycle", AuditEntry.action == "remind")
    ).all()
    assert len(audit) == 1
    client.post(f"{_page(year)}/remind", data={"organisation_ids": [year.waiting.id]})
    assert len(_sent(db_session)) == 2  # the same day: nobody gets a second copy
    assert "今天已收到提醒" in client.get(_page(year)).get_data(as_text=True)


def test_remind_all_reaches_every_member_not_submitted(
    client: FlaskClient, db_session: Session, year: Group
) -> None:
    page = client.get(_page(year)).get_data(as_text=True)
    assert "将向本组 2 个未提交单位的 3 个邮箱地址发送提醒邮件" in page  # the confirmation
    client.post(f"{_page(year)}/remind", data={"everyone": "1"})
    assert {org_id for org_id, _address in _sent(db_session)} == {
        year.waiting.id,
        year.drafting.id,
    }


def test_no_reminder_in_a_closed_year_nor_from_another_groups_lead(
    client: FlaskClient, db_session: Session, year: Group, auth: AuthActions
) -> None:
    other = make_working_group()
    other_lead = make_user(make_organisation(), email="other.lead@example.cn")
    make_group_role(other_lead, other, GroupRole.LEAD)
    db_session.commit()
    auth.logout()
    auth.login(other_lead.email)
    response = client.post(f"{_page(year)}/remind", data={"organisation_ids": [year.waiting.id]})
    assert response.status_code == 403
    auth.logout()
    auth.login(year.lead_email)
    year.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    page = client.get(_page(year)).get_data(as_text=True)
    assert "向勾选的单位发送提醒邮件" not in page
    client.post(f"{_page(year)}/remind", data={"organisation_ids": [year.waiting.id]})
    assert _sent(db_session) == []
    assert "年度已关闭，不再发送提醒" in client.get(_page(year)).get_data(as_text=True)
