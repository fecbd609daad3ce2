"""A KPI save refused for a colleague's save meanwhile names the colleague (QA9 S12).

The section pages said "王磊在您打开本页后已修改此项"; the KPI page said only "someone else",
as KPI values kept no author. They now keep who last saved them.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select

from rcapp import db
from rcapp.assessments import services
from rcapp.assessments.models import AssessmentStatus, KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.cycles.models import CycleStatus
from tests.factories import make_cycle, make_user, make_world, start
from tests.two_sessions import colleagues as _two_colleagues
from tests.two_sessions import two_clients


def _stale_save(app: Flask, client: FlaskClient, lang: str) -> str:
    assessment_id, mine_email, their_email = _two_colleagues(app, name="王磊")
    url = f"/assessments/{assessment_id}/kpis"
    other = two_clients(app, client, mine_email, their_email)
    if lang == "en":
        client.get("/lang/en")
    client.get(url)
    assert other.post(url, data={"drills__value": "4", "drills__version": "0"}).status_code == 302
    response = client.post(url, data={"drills__value": "7", "drills__version": "0"})
    assert response.status_code == 409
    return html.unescape(response.get_data(as_text=True))


def test_the_kpi_page_names_who_saved_the_value_meanwhile(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _stale_save(app, client, "zh")

    assert "王磊在您打开本页后已修改此项" in page
    assert "其他用户在您打开本页后已修改此项" not in page
    with app.app_context():
        row = db.session().scalars(select(KpiValue)).one()
        assert row.updated_by_id is not None


def test_the_kpi_page_names_the_colleague_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _stale_save(app, client, "en")

    assert "王磊 changed this after you opened the page" in page


def test_the_change_column_of_a_refused_value_is_the_stored_values_and_says_so(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """Beside the input kept (1,700,000), not saved: the change of the value stored meanwhile.

    qa41 S3 showed the input's change without a word; the page's script showed the stored
    value's. Both now show the stored value's change and say it is (selfleft a).
    """
    with app.app_context():
        world = make_world()
        colleague = make_user(world.org_a, name="孙志强")
        previous = make_cycle(year=2024)
        before = services.get_or_start_assessment(world.org_a, previous, world.user_a)
        services.save_kpi_inputs(
            before, rubric_of(before), {"hours_employees": KpiEntry("1568000")}, world.user_a
        )
        before.status = AssessmentStatus.SUBMITTED
        previous.status = CycleStatus.CLOSED
        assessment_id = start(world).id
        db.session().commit()
        mine, theirs = world.user_a.email, colleague.email
    url = f"/assessments/{assessment_id}/kpis"
    other = two_clients(app, client, mine, theirs)
    client.get(url)
    saved = {"hours_employees__value": "1620000", "hours_employees__version": "0"}
    assert other.post(url, data=saved).status_code == 302
    typed = {"hours_employees__value": "1700000", "hours_employees__version": "0"}
    response = client.post(url, data=typed)
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    change = re.search(r'data-change-for="hours_employees">([^<]*)<', page)
    assert change is not None
    assert change.group(1).startswith("+52,000"), change.group(1)  # 1,620,000 - 1,568,000
    assert 'data-refused-basis="hours_employees">未保存：变化按已保存值计算</p>' in page
