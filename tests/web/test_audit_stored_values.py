"""The audit log names event types as the rubric does and shows numbers as stored (QA12 D3, D4)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.views.audit import readable
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput, KpiEntry, parse_decimal
from rcapp.audit.models import AuditEntry
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, make_world, start


def _rows(client: FlaskClient, query: str = "") -> str:
    return client.get(f"/audit/?{query}").get_data(as_text=True).split("<tbody>", 1)[-1]


@pytest.mark.parametrize(
    ("lang", "label"), [("zh_CN", "类型: 群体性事件"), ("en", "Type: Mass incident")]
)
def test_an_event_type_is_named_as_the_rubric_names_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    typed = EventInput("mass_incident", "", "2025-03-01", "0", "0", "-0", "周边居民聚集")
    event, problems = services.add_event(assessment, rubric, typed, world.user_a)
    assert event is not None, problems
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    rows = _rows(client, "action=event.add")
    assert label in rows
    assert "mass_incident" not in rows
    assert ": 0.00" in rows  # the loss typed "-0", stored and shown as 0.00
    assert ": -0" not in rows
    sheet = export_audit(client, "action=event.add").active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(label in cell for cell in cells)
    assert not any("mass_incident" in cell for cell in cells)


def test_a_kpi_typed_as_minus_zero_is_logged_as_the_zero_stored(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    assert services.save_kpi_inputs(assessment, rubric, FULL_KPIS, world.user_a).ok
    typed = {"lti_employees": KpiEntry("-0")}
    assert services.save_kpi_inputs(assessment, rubric, typed, world.user_a).ok
    db_session.flush()
    last = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "kpi.set").order_by(AuditEntry.id.desc())
    ).first()
    assert last is not None
    assert last.after == '{"value": "0"}'


def test_minus_zero_is_read_as_zero() -> None:
    for text in ("-0", "-0.00", "－0", "-0e5"):
        number = parse_decimal(text)
        assert number == 0
        assert number is not None
        assert not number.is_signed(), text
    assert parse_decimal("-1.5") == Decimal("-1.5")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ('{"value": "0.280000"}', "数值: 0.28"),  # as read back from the database
        ('{"value": "0.29"}', "数值: 0.29"),  # as typed
        ('{"value": "420000.000000"}', "数值: 420000"),
        ('{"value": "-0"}', "数值: 0"),  # entries written before -0 was read as 0
        ('{"direct_loss_10k_yuan": "1.5"}', "直接经济损失（万元）: 1.50"),
        ('{"direct_loss_10k_yuan": "-0.00"}', "直接经济损失（万元）: 0.00"),
        ('{"value": "abc"}', "数值: abc"),
        ('{"note": "1.500000"}', "备注: 1.500000"),  # text stays as typed
    ],
)
def test_numbers_show_in_one_format_on_both_sides(app: Flask, stored: str, shown: str) -> None:
    with app.test_request_context():
        assert readable(stored) == shown
