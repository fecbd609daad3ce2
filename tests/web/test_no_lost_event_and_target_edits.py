"""Two people editing the same event or KPI target: merged field by field (rcapp.stale_forms).

A field only the colleague changed shows their value, a field both changed keeps the user's
input with the stored value beside it, a field only the user changed is not marked, and
saving the refused page again keeps the colleague's change.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Event, KpiTarget
from rcapp.organisations.models import OrganisationKind
from tests.factories import make_user, make_world, start
from tests.kpi_target_web import ohs_target
from tests.locked_drafts import minor_accident
from tests.two_sessions import two_clients as _two_clients
from tests.web.helpers import error_beside
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

TAKEN = "此项在您打开本页后已被李雷修改，现已显示修改后的值。"  # the colleague, named


def _input(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>\s*([^<]*)</textarea>', page)
    assert found is not None, f"no text area {name}"
    return html.unescape(found.group(1))


def _hidden(page: str) -> dict[str, str]:
    """The page's version and the values it was opened with (none on an older page)."""
    kept = {"version": _input(page, "version")}
    if 'name="original"' in page:
        kept["original"] = _input(page, "original")
    return kept


def _event_world(app: Flask) -> tuple[int, int, str, str]:
    """An event of organisation A and two of its members, made outside any request."""
    with app.app_context():
        world = make_world()
        colleague = make_user(world.org_a, name="李雷")
        assessment = start(world)
        event = minor_accident(world.org_a.id, assessment.id)
        db.session().add(event)
        db.session().commit()
        return assessment.id, event.id, world.user_a.email, colleague.email


def _stored_event(app: Flask, event_id: int) -> Event:
    with app.app_context():
        event = db.session().get(Event, event_id)
        assert event is not None
        db.session().expunge(event)
        return event


EVENT = {
    "event_type": "safety_accident",
    "grade": "general",
    "occurred_on": "2025-03-01",
    "fatalities": "0",
    "injuries": "1",
    "direct_loss": "",
    "description": "储罐区泄漏",
}


def test_a_stale_event_takes_the_colleagues_change_and_a_second_save_keeps_it(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = _two_clients(app, client, mine, theirs)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    their_page = _hidden(other.get(url).get_data(as_text=True))
    # The colleague corrects the description and the injuries.
    by_them = {**EVENT, **their_page, "description": "泄漏（同事更正）", "injuries": "2"}
    assert other.post(url, data=by_them).status_code == 302

    # The user, on the page opened before, changes the injuries too and the direct loss.
    refused = client.post(url, data={**EVENT, **opened, "injuries": "3", "direct_loss": "20"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _textarea(page, "description") == "泄漏（同事更正）"  # theirs, not the stale copy
    assert TAKEN in error_beside(page, "description")
    assert "现存：2" in error_beside(page, "injuries")  # both changed: the user decides
    assert _input(page, "injuries") == "3"
    assert 'id="direct_loss-error"' not in page  # only the user changed it: nothing to flag
    assert _input(page, "direct_loss") == "20"
    assert _stored_event(app, event_id).injuries == 2  # the colleague's save holds

    # Saving the page as shown keeps the colleague's description.
    again = {**EVENT, **_hidden(page), "description": "泄漏（同事更正）"}
    assert client.post(url, data={**again, "injuries": "3", "direct_loss": "20"}).status_code == 302
    event = _stored_event(app, event_id)
    assert event.description == "泄漏（同事更正）"
    assert (event.injuries, event.direct_loss_10k_yuan) == (3, Decimal(20))


def test_a_stale_event_shows_the_stored_type_by_its_name_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = _two_clients(app, client, mine, theirs)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    by_them = {**EVENT, **_hidden(other.get(url).get_data(as_text=True)), "grade": "larger"}
    assert other.post(url, data=by_them).status_code == 302
    client.get("/lang/en")
    refused = client.post(url, data={**EVENT, **opened, "grade": "major"})
    assert refused.status_code == 409
    message = error_beside(refused.get_data(as_text=True), "grade")
    assert "stored now: Larger." in html.unescape(message)


def _target_world(app: Flask) -> tuple[int, int, str, str]:
    """A company's KPI target (rubric v2) and two members who may change it."""
    with app.app_context():
        assessment, mine = _v2_assessment(OrganisationKind.COMPANY)
        colleague = make_user(assessment.organisation, OrgRole.ADMIN, name="李雷")
        target = ohs_target(assessment, 2, note="原说明")
        db.session().add(target)
        db.session().commit()
        return assessment.id, target.id, mine, colleague.email


def _stored_target(app: Flask, target_id: int) -> KpiTarget:
    with app.app_context():
        target = db.session().get(KpiTarget, target_id)
        assert target is not None
        db.session().expunge(target)
        return target


def test_a_stale_kpi_target_takes_the_colleagues_change_and_a_second_save_keeps_it(
    app: Flask,
    client: FlaskClient,
    connection: Connection,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment_id, target_id, mine, theirs = _target_world(app)
    other = _two_clients(app, client, mine, theirs)
    url = f"/assessments/{assessment_id}/targets/{target_id}"
    page = client.get(url).get_data(as_text=True)
    shown = {name: _input(page, name) for name in ("base_year", "deadline", "change_pct")}
    shown |= {"kpi_id": "OHS-01", "value": "", "note": _textarea(page, "note")}
    opened = _hidden(page)
    their_page = _hidden(other.get(url).get_data(as_text=True))
    deadline = int(shown["deadline"])
    # The colleague moves the deadline and rewrites the note.
    by_them = {**shown, **their_page, "deadline": str(deadline + 1), "note": "同事的说明"}
    assert other.post(url, data=by_them).status_code == 302

    # The user changes the rate and the note.
    refused = client.post(url, data={**shown, **opened, "change_pct": "-15", "note": "我的说明"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _input(page, "deadline") == str(deadline + 1)  # theirs, not the stale copy
    assert TAKEN in error_beside(page, "deadline")
    assert "现存：同事的说明" in error_beside(page, "note")  # both changed: the user decides
    assert _textarea(page, "note") == "我的说明"
    assert 'id="change_pct-error"' not in page  # only the user changed it
    assert _input(page, "change_pct") == "-15"

    again = {**shown, **_hidden(page), "deadline": str(deadline + 1)}
    saved = client.post(url, data={**again, "change_pct": "-15", "note": "我的说明"})
    assert saved.status_code == 302
    target = _stored_target(app, target_id)
    assert (target.deadline, target.change_pct, target.note) == (
        deadline + 1,
        Decimal(-15),
        "我的说明",
    )
