"""The earlier-years (补录) page notes inputs a colleague changed meanwhile, as the KPI page does.

李 had the 2024 backfill open; 杨帆 saved two of its inputs; 李 typed a third and saved. The
page said nothing beside 杨帆's two (their fields quietly showed her figures) and the bar
counted them nowhere. Now each is noted in blue beside its field ("此项在您打开本页后已被杨帆
修改…"), counted in the bar apart from errors, and 李's own figure is saved.
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.kpi_backfill import save_backfill
from rcapp.assessments.models import KpiBackfill
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start
from tests.web.browser_form import submitted_values
from tests.web.helpers import page_text, taken_beside

BAR = {
    "zh_CN": "已保存您的修改。另有 2 项已被杨帆修改，现已显示其修改后的值，请查看。",
    "en": "2 items were changed by 杨帆 meanwhile",
}
TAKEN = {
    "zh_CN": "此项在您打开本页后已被杨帆修改，现已显示修改后的值。",
    "en": "杨帆 changed this after you opened",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_inputs_a_colleague_backfilled_meanwhile_are_noted_not_errors(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(2025)
    assessment = start(world)
    li = make_user(world.org_a, OrgRole.ADMIN, name="李明")
    yang = make_user(world.org_a, name="杨帆")
    db_session.commit()
    auth.login(li.email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/kpis/earlier/2024"
    opened = submitted_values(page_text(client, url))

    entries = {"hours_employees": KpiEntry("1610000"), "lti_employees": KpiEntry("2")}
    assert save_backfill(assessment, rubric_of(assessment), 2024, entries, yang).ok
    db.session().commit()

    typed = [(n, "3" if n == "drills__value" else v) for n, v in opened]
    saved = client.post(url, data=MultiDict(typed))

    assert saved.status_code == 200  # shown again: the notes stand beside the fields
    page = html.unescape(saved.get_data(as_text=True))
    assert BAR[lang] in " ".join(page.split())
    for field in ("hours_employees__value", "lti_employees__value"):
        assert TAKEN[lang] in taken_beside(page, field)
    assert 'class="field-error"' not in page
    assert page.count('class="taken-text"') == 2
    db_session.expire_all()
    rows = {r.input_id: r.value for r in db_session.scalars(select(KpiBackfill))}
    assert rows == {
        "hours_employees": Decimal(1610000),
        "lti_employees": Decimal(2),
        "drills": Decimal(3),
    }
    # Saving the page shown again keeps 杨帆's figures: nothing to decide, nothing undone.
    again = client.post(url, data=MultiDict(submitted_values(page)))
    assert again.status_code == 302
    db_session.expire_all()
    assert {r.input_id: r.value for r in db_session.scalars(select(KpiBackfill))} == rows
