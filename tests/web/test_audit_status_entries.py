"""Deactivating, reactivating and reopening a year record the status before and after
(QA47 D5: the log showed "—" on both sides of a deactivation and after a reopen)."""

from __future__ import annotations

import html
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts import services as accounts
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.cycles.services import reopen_cycle
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_user


def _entry(db_session: Session, action: str) -> AuditEntry:
    statement = select(AuditEntry).where(AuditEntry.action == action)
    return db_session.scalars(statement.order_by(AuditEntry.id.desc())).first()  # type: ignore[return-value]


def _sides(entry: AuditEntry) -> tuple[object, object]:
    return json.loads(entry.before or "null"), json.loads(entry.after or "null")


@pytest.mark.parametrize(
    ("lang", "active", "deactivated"),
    [("zh", "状态: 已启用", "状态: 已停用"), ("en", "Status: Active", "Status: Deactivated")],
)
def test_deactivation_and_reactivation_record_active_and_deactivated(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    active: str,
    deactivated: str,
) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    wang = make_user(make_organisation(), name="王磊")
    accounts.set_user_active(wang, False, secretariat, "已离职")
    stopped = _entry(db_session, "deactivate")
    assert _sides(stopped) == ({"status": "active"}, {"status": "deactivated"})
    assert stopped.reason == "已离职"
    accounts.set_user_active(wang, True, secretariat)
    started = _entry(db_session, "reactivate")
    assert _sides(started) == ({"status": "deactivated"}, {"status": "active"})
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get("/audit/").get_data(as_text=True))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert f"{active} {deactivated}" in text  # the deactivation: before, after
    assert f"{deactivated} {active}" in text


def test_reopening_a_year_records_closed_then_open(db_session: Session) -> None:
    secretariat = make_secretariat()
    cycle = make_cycle(year=2024, status=CycleStatus.CLOSED, closed_by_id=secretariat.id)
    reopen_cycle(cycle, "更正数据", secretariat)
    before, after = _sides(_entry(db_session, "reopen"))
    assert isinstance(before, dict)
    assert before["status"] == "closed"
    assert after == {"status": "open"}
