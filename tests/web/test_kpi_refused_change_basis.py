"""The change column beside a refused KPI input says which value it describes (selfleft a).

A value refused at save (out of bounds, not a number, a colleague's save meanwhile) stays
in its field with its message; the change beside it is the stored value's, and the page
says so ("未保存：变化按已保存值计算"), as the script does until the input is edited.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Connection

from rcapp import db
from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.cycles.models import CycleStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_world, start

BASIS = {
    "zh": "未保存：变化按已保存值计算",
    "en": "Not saved: the change is that of the saved value",
}
NOTHING_STORED = {
    "zh": "未保存：尚无已保存值，不计算变化",
    "en": "Not saved: there is no saved value, so no change is worked out",
}


def _two_years(app: Flask, stored: str | None) -> tuple[int, str]:
    """2024 submitted with 1,568,000 hours; 2025 with `stored` hours saved (or none)."""
    with app.app_context():
        world = make_world()
        previous = make_cycle(year=2024)
        before = services.get_or_start_assessment(world.org_a, previous, world.user_a)
        services.save_kpi_inputs(
            before, rubric_of(before), {"hours_employees": KpiEntry("1568000")}, world.user_a
        )
        before.status = AssessmentStatus.SUBMITTED
        previous.status = CycleStatus.CLOSED
        assessment = start(world)
        if stored is not None:
            services.save_kpi_inputs(
                assessment,
                rubric_of(assessment),
                {"hours_employees": KpiEntry(stored)},
                world.user_a,
            )
        db.session().commit()
        return assessment.id, world.user_a.email


def _refused(app: Flask, client: FlaskClient, stored: str | None, typed: str, lang: str) -> str:
    assessment_id, email = _two_years(app, stored)
    AuthActions(client).login(email)
    url = f"/assessments/{assessment_id}/kpis"
    if lang == "en":
        client.get("/lang/en")
    version = "0" if stored is None else "1"
    response = client.post(
        url, data={"hours_employees__value": typed, "hours_employees__version": version}
    )
    assert response.status_code in (409, 422), response.status_code
    return html.unescape(response.get_data(as_text=True))


def _change(page: str) -> str:
    found = re.search(r'data-change-for="hours_employees">([^<]*)<', page)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("typed", ["-5", "abc", "1e300"])
def test_a_refused_value_shows_the_stored_values_change_and_says_so(
    app: Flask, client: FlaskClient, connection: Connection, lang: str, typed: str
) -> None:
    page = _refused(app, client, "1620000", typed, lang)
    assert f'value="{typed}"' in page  # the input is kept
    assert _change(page).startswith("+52,000")  # 1,620,000 stored - 1,568,000 last year
    assert f'change-basis" data-refused-basis="hours_employees">{BASIS[lang]}</p>' in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_value_with_nothing_stored_has_no_change_and_says_why(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    page = _refused(app, client, None, "-5", lang)
    assert _change(page) == "—"
    assert f'change-basis" data-refused-basis="hours_employees">{NOTHING_STORED[lang]}</p>' in page


def test_a_saved_value_hides_the_basis_note_for_the_script(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """The note is there, hidden, in the server's words: the script shows it while a typed
    value is refused (qa62 1), so script and server say one thing."""
    assessment_id, email = _two_years(app, "1620000")
    AuthActions(client).login(email)
    page = client.get(f"/assessments/{assessment_id}/kpis").get_data(as_text=True)
    assert f'hidden data-refused-basis="hours_employees">{BASIS["zh"]}</p>' in page
    assert "hidden data-refused-basis" in page.split('data-change-for="lti_employees"')[1]
