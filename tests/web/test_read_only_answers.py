"""A submitted assessment's read-only pages show an N/A item as 不适用 and KPI figures
grouped in thousands (qa11 S19)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start


def _item(page: str, item_id: str) -> str:
    start_at = page.index(f'id="item-{item_id}"')
    return page[start_at : page.index('class="item"', start_at + 1)]


def test_a_submitted_na_item_reads_not_applicable_and_kpis_read_grouped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    na = {"C6.E1.1": ItemInput(is_na=True, na_reason="无此装置")}
    services.save_section(assessment, rubric_of(assessment), "C6", na, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/assessments/{assessment.id}/sections/C6").get_data(as_text=True)
    item = " ".join(re.sub(r"<[^>]+>", " ", _item(page + 'class="item"', "C6.E1.1")).split())
    assert "不适用" in item.split("不适用：")[0]  # the level reads 不适用 before the N/A line
    assert "未作答" not in item
    kpis = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert "2,000,000" in kpis
    client.get("/lang/en")
    page = client.get(f"/assessments/{assessment.id}/sections/C6").get_data(as_text=True)
    item = " ".join(re.sub(r"<[^>]+>", " ", _item(page + 'class="item"', "C6.E1.1")).split())
    assert "Not answered" not in item
    assert "Not applicable" in item or "N/A" in item
