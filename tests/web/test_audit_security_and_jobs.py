"""Password changes and report jobs the secretariat starts are in the audit log (QA12 D1)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_secretariat, make_user, make_world
from tests.web.helpers import joined_addresses

NEW_PASSWORD = "a brand new secret"


def _rows(client: FlaskClient, query: str) -> str:
    # Only the rows: the action filter's options name every action too.
    page = joined_addresses(client.get(f"/audit/?{query}").get_data(as_text=True))
    return page.split("<tbody>", 1)[-1]


@pytest.mark.parametrize(
    ("lang", "action", "option"),
    [("zh_CN", "修改密码", "修改密码"), ("en", "Change password", "Change password")],
)
def test_a_password_change_is_logged_and_can_be_filtered(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    action: str,
    option: str,
) -> None:
    make_secretariat(email="sec@example.cn")
    user = make_user(email="hse@example.cn", name="何工")
    db_session.commit()
    auth.login("hse@example.cn")
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "password.change"))
    assert [(e.entity, e.entity_id, e.actor_id) for e in entries] == [("user", user.id, user.id)]
    assert "hash" not in str([(e.before, e.after) for e in entries])
    auth.logout()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = client.get("/audit/").get_data(as_text=True)
    assert f'<option value="password.change">{option}</option>' in page
    assert action in _rows(client, "action=password.change")
    assert "hse@example.cn" in _rows(client, "action=password.change")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh_CN", ["开始生成报告", "年度数据工作簿（Excel）", "报告语言: 英文"]),
        ("en", ["Started a report", "Annual data workbook (Excel)", "Report language: English"]),
    ],
)
def test_a_report_job_started_by_the_secretariat_is_logged(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    response = client.post(
        f"/reports/cycles/{world.cycle.id}/jobs", data={"kind": "annual_workbook", "lang": "en"}
    )
    assert response.status_code == 302
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report_job.start")
    ).one()
    assert (entry.entity, entry.entity_id) == ("cycle", world.cycle.id)
    client.get(f"/lang/{lang}")
    rows = _rows(client, "action=report_job")
    for word in words:
        assert word in rows
