"""An organisation whose commitment is suspended or withdrawn while the year is open (S12).

It stays in the year's list if it started the year, marked 承诺已暂停 / 承诺已撤回, but it is
not reminded: neither by the secretariat's button (whose count and confirmation say how many
were left out and why) nor by the automatic rounds. One that never started drops out.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.auto_reminders import DEFAULT_DAYS_BEFORE, remind_due
from rcapp.cycles.models import ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import (
    make_assessment,
    make_cycle,
    make_organisation,
    make_secretariat,
    make_user,
)

S = CommitmentStatus


def _year(db_session: Session) -> tuple[ReportingCycle, dict[str, Organisation]]:
    """Four signatories with a draft each, two then paused; a fifth paused before starting."""
    cycle = make_cycle(deadline=beijing_today() + dt.timedelta(days=7))  # a reminder day
    orgs = {}
    for n, name in enumerate(("Alpha", "Beta", "Gamma", "Delta", "Omega")):
        orgs[name] = make_organisation(
            name_zh=f"{name}化工", name_en=f"{name} Chemicals", commitment_status=S.SIGNED
        )
        make_user(orgs[name], email=f"hse{n}@example.cn")
        if name != "Omega":
            make_assessment(orgs[name], cycle)
    db_session.flush()
    orgs["Beta"].commitment_status = S.SUSPENDED  # 已签署 → 暂停 while the year is open
    orgs["Gamma"].commitment_status = S.WITHDRAWN
    orgs["Omega"].commitment_status = S.SUSPENDED
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    return cycle, orgs


def _reminded(db_session: Session) -> set[int | None]:
    messages = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
    return {m.organisation_id for m in messages}


WORDS = {
    "zh": {
        "suspended": "承诺已暂停",
        "withdrawn": "承诺已撤回",
        "left_out": "另有 2 个未提交单位的承诺已暂停或撤回，不发送提醒。",
        "button": "提醒尚未提交的 2 个单位",
        "auto": "承诺已暂停或撤回的单位不提醒。",
    },
    "en": {
        "suspended": "Commitment suspended",
        "withdrawn": "Commitment withdrawn",
        "left_out": "2 more organisations that have not submitted have a suspended or"
        " withdrawn commitment and are not reminded.",
        "button": "Remind the 2 organisations that have not submitted",
        "auto": "Organisations whose commitment is suspended or withdrawn are not reminded.",
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_year_list_marks_a_paused_commitment_and_offers_no_reminder_for_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cycle, orgs = _year(db_session)
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True))
    words = WORDS[lang]
    assert f'<span class="badge badge-paused">{words["suspended"]}</span>' in page
    assert f'<span class="badge badge-paused">{words["withdrawn"]}</span>' in page
    assert page.count("badge-paused") == 2
    assert "Omega" not in page  # paused before it started the year: not in it
    for name in ("Alpha", "Delta"):
        assert f'id="pick-{orgs[name].id}"' in page
    for name in ("Beta", "Gamma"):
        assert f'id="pick-{orgs[name].id}"' not in page  # listed, not to be ticked
    assert words["left_out"] in page
    assert words["auto"] in page  # the automatic reminders say so too
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert words["button"] in home
    assert words["left_out"] in home


def test_ticked_paused_organisations_are_not_reminded_and_the_confirmation_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle, orgs = _year(db_session)
    auth.login("sec@example.cn")
    ticked = [orgs[n].id for n in ("Alpha", "Beta", "Gamma")]  # a page opened before
    response = client.post(
        f"/cycles/{cycle.id}/remind", data={"organisation_ids": ticked}, follow_redirects=True
    )
    page = html.unescape(response.get_data(as_text=True))
    assert "2 个单位的承诺已暂停或撤回，不发送提醒：Beta化工、Gamma化工。" in page
    assert "已安排向 1 个单位发送提醒（1 封邮件）" in page
    assert _reminded(db_session) == {orgs["Alpha"].id}


def test_only_paused_ticked_sends_nothing_and_says_why(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle, orgs = _year(db_session)
    auth.login("sec@example.cn")
    response = client.post(
        f"/cycles/{cycle.id}/remind",
        data={"organisation_ids": [orgs["Beta"].id]},
        follow_redirects=True,
    )
    page = html.unescape(response.get_data(as_text=True))
    assert "1 个单位的承诺已暂停或撤回，不发送提醒：Beta化工。" in page
    assert "请至少勾选" not in page
    assert _reminded(db_session) == set()


def test_remind_everyone_listed_leaves_paused_ones_out(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle, orgs = _year(db_session)
    auth.login("sec@example.cn")
    page = client.get(f"/cycles/{cycle.id}/organisations?status=open").get_data(as_text=True)
    assert "向筛选出的全部 2 个未提交单位发送提醒" in page
    client.post(f"/cycles/{cycle.id}/remind", data={"everyone": "1", "status": "open"})
    assert _reminded(db_session) == {orgs["Alpha"].id, orgs["Delta"].id}


def test_the_automatic_round_leaves_paused_ones_out(db_session: Session) -> None:
    _cycle, orgs = _year(db_session)
    [found] = remind_due(beijing_today(), DEFAULT_DAYS_BEFORE)
    assert (found.organisations, found.messages) == (2, 2)
    assert _reminded(db_session) == {orgs["Alpha"].id, orgs["Delta"].id}
