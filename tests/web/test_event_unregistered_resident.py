"""A park's event at a resident not registered in rcapp: named as typed, with an optional code.

Before, such an event could only be filed as the park itself. The name (and a unified
social credit code, checked as everywhere in the app) is saved, listed on the events page
and in the park's board pack in both languages; a wrong code, a name beside a registered
resident chosen from the list, or the name of a registered resident is refused beside its
field with nothing saved.
"""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select

from rcapp import db
from rcapp.assessments.event_register import event_register
from rcapp.assessments.models import Assessment, Event
from rcapp.assessments.queries import rubric_of
from rcapp.organisations.credit_code import check_character
from tests.conftest import AuthActions
from tests.event_residents import park_world
from tests.web.helpers import error_beside
from tests.web.test_no_lost_event_and_target_edits import EVENT

FIRST17 = "91330100MA2B3C4D5"
CODE = FIRST17 + check_character(FIRST17)
WRONG_CHECK = FIRST17 + ("0" if CODE[-1] != "0" else "1")


def _park(app: Flask, auth: AuthActions) -> tuple[str, int, int]:
    with app.app_context():
        park = park_world()
        db.session().commit()
        ids = park.assessment.id, park.resident.id, park.world.user_a.email
    assessment_id, resident_id, email = ids
    auth.login(email)
    return f"/assessments/{assessment_id}/events", assessment_id, resident_id


def _events(app: Flask) -> list[tuple[int | None, str | None, str | None]]:
    with app.app_context():
        rows = db.session().scalars(select(Event).order_by(Event.id))
        return [(e.resident_id, e.resident_name, e.resident_credit_code) for e in rows]


def test_an_unregistered_resident_is_saved_and_listed_in_both_languages(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, assessment_id, _resident = _park(app, auth)
    form = client.get(url).get_data(as_text=True)
    assert (
        '<option value="unregistered">未在本系统登记的入园企业（在下方填写名称）</option>' in form
    )
    typed = {"resident": "unregistered", "resident_name": " 北岸 化工有限公司 "}
    saved = client.post(url, data={**EVENT, **typed, "resident_credit_code": CODE.lower()})
    assert saved.status_code == 302
    assert _events(app) == [(None, "北岸 化工有限公司", CODE)]
    register = client.get(url).get_data(as_text=True)
    assert f"北岸 化工有限公司（未在本系统登记；统一社会信用代码 {CODE}）</td>" in register

    with app.test_request_context():
        assessment = db.session().get(Assessment, assessment_id)
        assert assessment is not None
        board = event_register(assessment, rubric_of(assessment), "zh")
        where = board.header.index("发生单位（入园企业）")
        assert (
            board.rows[0][where] == f"北岸 化工有限公司（未在本系统登记；统一社会信用代码 {CODE}）"
        )

    client.get("/lang/en")
    english = html.unescape(client.get(url).get_data(as_text=True))
    assert f"北岸 化工有限公司 (not registered in this system; credit code {CODE})" in english
    assert "A resident not registered in this system (name it below)" in english


def test_a_name_without_a_code_is_enough(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, _assessment, _resident = _park(app, auth)
    saved = client.post(url, data={**EVENT, "resident_name": "北岸化工有限公司"})
    assert saved.status_code == 302
    assert _events(app) == [(None, "北岸化工有限公司", None)]
    assert "北岸化工有限公司（未在本系统登记）</td>" in client.get(url).get_data(as_text=True)


def test_a_wrong_code_is_refused_beside_its_field_as_on_the_organisation_forms(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, _assessment, _resident = _park(app, auth)
    typed = {"resident": "unregistered", "resident_name": "北岸化工有限公司"}
    refused = client.post(url, data={**EVENT, **typed, "resident_credit_code": WRONG_CHECK})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    message = html.unescape(error_beside(page, "resident_credit_code"))
    assert message.startswith(
        "未登记入园企业的统一社会信用代码（选填）：统一社会信用代码校验码错误"
    )
    assert "北岸化工有限公司" in page  # what was typed stays in the form
    assert _events(app) == []


def test_a_missing_name_a_name_beside_a_registered_one_and_a_registered_name_are_refused(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, _assessment, resident_id = _park(app, auth)
    nameless = client.post(url, data={**EVENT, "resident": "unregistered"})
    assert nameless.status_code == 422
    assert "请填写事件发生的企业名称" in error_beside(
        nameless.get_data(as_text=True), "resident_name"
    )
    code_only = client.post(url, data={**EVENT, "resident_credit_code": CODE})
    assert "请填写事件发生的企业名称" in error_beside(
        code_only.get_data(as_text=True), "resident_name"
    )

    both = {"resident": str(resident_id), "resident_name": "北岸化工有限公司"}
    refused = client.post(url, data={**EVENT, **both})
    assert refused.status_code == 422
    assert "二者只填其一" in error_beside(refused.get_data(as_text=True), "resident_name")

    registered = client.post(url, data={**EVENT, "resident_name": "临海石化有限公司"})
    assert registered.status_code == 422
    message = html.unescape(error_beside(registered.get_data(as_text=True), "resident_name"))
    assert "“临海石化有限公司”已在本系统登记为本园区的入园企业，请从列表中选择它" in message
    assert _events(app) == []
