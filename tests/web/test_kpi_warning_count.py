"""The banner after a partly refused KPI save counts the fields the list atop the page links
to: a field with two messages once, and the saved values that only deserve a second look
named apart, in Chinese and English."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_world, mark_reported, start

BANNER = {
    "zh": "其余内容已保存；标出的 2 处需要修改后再保存，另有 1 处已保存、请核对。",
    "en": "Everything else has been saved; correct the marked entries (2) and save again, "
    "and check the entries saved with a warning (1).",
}


def _marked_links(page: str) -> list[str]:
    found = re.search(r'<nav class="panel marked-links".*?</nav>', page, re.S)
    assert found is not None, page
    return re.findall(r'<li><a href="#kpi-([a-z_0-9]+)">', found.group(0))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_banner_counts_what_the_list_of_marked_fields_shows(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    services.save_kpi_inputs(last, rubric_of(last), {"drills": KpiEntry("3")}, world.user_a)
    mark_reported(last)  # last year counts only as a reported year
    assessment = start(world)
    db_session.commit()
    auth.login(world.user_a.email)
    if lang == "en":
        client.get("/lang/en")
    response = client.post(
        f"/assessments/{assessment.id}/kpis",
        data={
            # two messages on one field: a negative count and a note too long
            "lti_employees__value": "-1",
            "lti_employees__note": "长" * 600,
            "hours_employees__value": "abc",
            # saved, with a warning: ten times last year's 3
            "drills__value": "1,234",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert BANNER[lang] in page
    assert sorted(_marked_links(page)) == ["drills", "hours_employees", "lti_employees"]
