"""Own KPI targets leave a trail: add, change and delete are audited; copy from last year
carries the targets not yet due, once, and logs each one."""

from __future__ import annotations

import json
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiTarget
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_secretariat, make_world, start


def _entries(session: Session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_target_add_change_delete_are_audited_and_readable(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    added = client.post(
        f"/assessments/{assessment.id}/targets",
        data={"kpi_id": "OHS-03", "base_year": "2024", "deadline": "2027", "value": "0.5"},
    )
    assert added.status_code == 302
    [target] = db_session.scalars(select(KpiTarget)).all()
    [add] = _entries(db_session, "target.add")
    assert (add.entity, add.entity_id, add.field) == (
        "assessment",
        assessment.id,
        f"target:{target.id}",
    )
    assert add.actor_id == world.user_a.id
    assert json.loads(add.after or "")["target_year"] == 2027
    url = f"/assessments/{assessment.id}/targets/{target.id}"
    data = {"kpi_id": "OHS-03", "base_year": "2024", "deadline": "2028", "value": "0.5"}
    assert client.post(url, data={**data, "version": "1"}).status_code == 302
    [update] = _entries(db_session, "target.update")
    assert json.loads(update.before or "") == {"target_year": 2027}
    assert json.loads(update.after or "") == {"target_year": 2028}
    # Saving it again unchanged writes nothing.
    assert client.post(url, data={**data, "version": "2"}).status_code == 302
    assert len(_entries(db_session, "target.update")) == 1
    assert client.post(f"{url}/delete").status_code == 302
    [delete] = _entries(db_session, "target.delete")
    assert json.loads(delete.before or "")["kpi_id"] == "OHS-03"
    auth.logout()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/audit/?action=target").get_data(as_text=True)
    for words in (
        "添加指标目标",
        "修改指标目标",
        "删除指标目标",
        f"指标目标 #{target.id}",
        "目标年",
    ):
        assert words in page


def test_copy_from_last_year_carries_targets_not_yet_due_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2025)
    current = start(world)
    last_cycle = make_cycle(year=2024, status=CycleStatus.CLOSED)
    previous = make_assessment(world.org_a, last_cycle, rubric_sha256=current.rubric_sha256)
    previous.status = AssessmentStatus.SUBMITTED
    for kpi_id, deadline, value in (
        ("OHS-03", 2024, "1"),  # due last year: judged then, not carried
        ("OHS-03", 2025, "0.8"),  # due this year: judged on this year's figures
        ("OHS-03", 2027, "0.5"),
        ("CA-01", 2026, "6"),  # this year already has a CA-01 target for 2026
        ("GONE-9", 2027, "1"),  # a KPI this year's rubric does not know
    ):
        db_session.add(
            KpiTarget(
                assessment=previous,
                kpi_id=kpi_id,
                base_year=2023,
                deadline=deadline,
                value=Decimal(value),
                note="公开承诺",
            )
        )
    db_session.add(
        KpiTarget(
            assessment=current, kpi_id="CA-01", base_year=2024, deadline=2026, value=Decimal(8)
        )
    )
    db_session.commit()
    auth.login(world.user_a.email)
    response = client.post(f"/assessments/{current.id}/copy-previous", follow_redirects=True)
    assert "另复制了 2 个尚未到期的指标目标" in response.get_data(as_text=True)
    db_session.expire_all()
    found = sorted((t.kpi_id, t.deadline, t.value, t.note) for t in current.kpi_targets)
    assert found == [
        ("CA-01", 2026, Decimal(8), None),  # the organisation's own revision stands
        ("OHS-03", 2025, Decimal("0.8"), "公开承诺"),
        ("OHS-03", 2027, Decimal("0.5"), "公开承诺"),
    ]
    assert len(_entries(db_session, "target.copy")) == 2
    # A second copy adds nothing: the carried targets are there now.
    client.post(f"/assessments/{current.id}/copy-previous")
    db_session.expire_all()
    assert len(current.kpi_targets) == 3
