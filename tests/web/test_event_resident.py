"""A park's event names the resident company where it happened (or the park itself).

The choice is the park's residents of the year; a forged id is refused beside the field
with nothing saved; a company never sees the field; a stale save that changes it is a
conflict like any other field.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select

from rcapp import db
from rcapp.assessments.models import Event
from tests.conftest import AuthActions
from tests.event_residents import park_world
from tests.factories import make_user, make_world, start
from tests.locked_drafts import minor_accident
from tests.two_sessions import two_clients
from tests.web.helpers import error_beside
from tests.web.test_no_lost_event_and_target_edits import EVENT, TAKEN


def _park(app: Flask, auth: AuthActions) -> tuple[str, int, int]:
    """Log in as a park's user: (its events page, its resident's id, another park's company's)."""
    with app.app_context():
        park = park_world()
        db.session().commit()
        ids = park.assessment.id, park.resident.id, park.outsider.id, park.world.user_a.email
    assessment_id, resident_id, outsider_id, email = ids
    auth.login(email)
    return f"/assessments/{assessment_id}/events", resident_id, outsider_id


def _events(app: Flask) -> list[Event]:
    with app.app_context():
        found = list(db.session().scalars(select(Event).order_by(Event.id)))
        for event in found:
            db.session().expunge(event)
        return found


def _hidden(page: str) -> dict[str, str]:
    kept = {}
    for name in ("version", "original"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert tag is not None, name
        value = re.search(r'value="([^"]*)"', tag.group(0))
        kept[name] = html.unescape(value.group(1)) if value else ""
    return kept


def test_a_park_names_its_resident_and_the_register_shows_it_in_both_languages(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, resident_id, _outsider = _park(app, auth)
    form = client.get(url).get_data(as_text=True)
    assert "发生单位（入园企业）" in form
    assert f'<option value="{resident_id}">临海石化有限公司</option>' in form
    assert '<option value="">园区本身</option>' in form  # the park itself, chosen by default

    saved = client.post(url, data={**EVENT, "resident": str(resident_id)})
    assert saved.status_code == 302
    assert [e.resident_id for e in _events(app)] == [resident_id]
    register = client.get(url).get_data(as_text=True)
    assert 'data-label="发生单位（入园企业）">临海石化有限公司</td>' in register

    client.get("/lang/en")
    english = html.unescape(client.get(url).get_data(as_text=True))
    assert "Resident company where it happened" in english
    assert "Linhai Petrochemical Co." in english
    assert ">The park itself</option>" in english


def test_an_event_of_the_park_itself_says_so_in_the_register(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, _resident, _outsider = _park(app, auth)
    assert client.post(url, data={**EVENT, "resident": ""}).status_code == 302
    assert [e.resident_id for e in _events(app)] == [None]
    page = client.get(url).get_data(as_text=True)
    assert '<span class="muted">园区本身</span>' in page


def test_a_forged_resident_is_refused_beside_the_field_and_nothing_is_saved(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, _resident, outsider_id = _park(app, auth)
    for forged in (str(outsider_id), "999999", "abc"):
        refused = client.post(url, data={**EVENT, "resident": forged})
        assert refused.status_code == 422
        message = error_beside(refused.get_data(as_text=True), "resident")
        assert message.startswith("发生单位（入园企业）：所选企业不是本园区的入园企业")
    assert _events(app) == []
    client.get("/lang/en")
    refused = client.post(url, data={**EVENT, "resident": str(outsider_id)})
    message = html.unescape(error_beside(refused.get_data(as_text=True), "resident"))
    assert message.startswith("Resident company where it happened: ")


def test_a_company_never_sees_the_field_and_its_events_name_no_resident(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    with app.app_context():
        world = make_world()
        assessment = start(world)
        other = world.org_b.id
        db.session().commit()
        url, email = f"/assessments/{assessment.id}/events", world.user_a.email
    auth.login(email)
    page = client.get(url).get_data(as_text=True)
    assert 'name="resident"' not in page
    assert "发生单位" not in page
    # a company's own form sent with an id: the event is its own, tied to nobody
    assert client.post(url, data={**EVENT, "resident": str(other)}).status_code == 302
    assert [e.resident_id for e in _events(app)] == [None]
    assert "发生单位" not in client.get(url).get_data(as_text=True)


def _chosen_meanwhile(app: Flask, client: FlaskClient) -> tuple[str, int, int, dict[str, str]]:
    """A park's event of the park itself, opened by `client`'s user; meanwhile a colleague
    ties it to 临海石化. Return (its page, 临海石化's id, 东海精细化工's, what the user opened)."""
    with app.app_context():
        park = park_world()
        colleague = make_user(park.world.org_a, name="李雷")
        event = minor_accident(park.world.org_a.id, park.assessment.id)
        db.session().add(event)
        db.session().commit()
        url = f"/assessments/{park.assessment.id}/events/{event.id}"
        ids = park.resident.id, park.second.id
        mine, theirs = park.world.user_a.email, colleague.email
    other = two_clients(app, client, mine, theirs)
    opened = _hidden(client.get(url).get_data(as_text=True))
    shown = _hidden(other.get(url).get_data(as_text=True))
    assert other.post(url, data={**EVENT, **shown, "resident": str(ids[0])}).status_code == 302
    return url, *ids, opened


def test_a_stale_save_takes_the_colleagues_resident_and_keeps_the_users_own_change(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    url, resident_id, _second, opened = _chosen_meanwhile(app, client)
    # the user, on the page opened before, changes only the injuries
    refused = client.post(url, data={**EVENT, **opened, "injuries": "2", "resident": ""})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert f'<option selected value="{resident_id}">临海石化有限公司</option>' in page
    assert TAKEN in error_beside(page, "resident")
    assert [e.resident_id for e in _events(app)] == [resident_id]
    saved = client.post(
        url, data={**EVENT, **_hidden(page), "injuries": "2", "resident": str(resident_id)}
    )
    assert saved.status_code == 302
    assert [(e.resident_id, e.injuries) for e in _events(app)] == [(resident_id, 2)]


def test_a_resident_both_changed_keeps_the_users_choice_and_names_the_stored_one(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    url, resident_id, second_id, opened = _chosen_meanwhile(app, client)
    refused = client.post(url, data={**EVENT, **opened, "resident": str(second_id)})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert f'<option selected value="{second_id}">东海精细化工有限公司</option>' in page
    assert "现存：临海石化有限公司" in error_beside(page, "resident")
    assert [e.resident_id for e in _events(app)] == [resident_id]  # nothing overwritten
    client.get("/lang/en")
    refused = client.post(url, data={**EVENT, **opened, "resident": str(second_id)})
    english = html.unescape(error_beside(refused.get_data(as_text=True), "resident"))
    assert "Linhai Petrochemical Co." in english


def test_an_event_tied_to_a_company_that_left_the_park_keeps_it_when_saved_again(
    app: Flask, client: FlaskClient, connection: Connection, auth: AuthActions
) -> None:
    url, resident_id, outsider_id = _park(app, auth)
    assert client.post(url, data={**EVENT, "resident": str(resident_id)}).status_code == 302
    event = _events(app)[0]
    with app.app_context():
        from rcapp.organisations.models import Organisation

        moved = db.session().get(Organisation, resident_id)
        assert moved is not None
        moved.park_id = None
        db.session().commit()
    edit = f"{url}/{event.id}"
    page = client.get(edit).get_data(as_text=True)
    assert f'<option selected value="{resident_id}">临海石化有限公司</option>' in page
    saved = client.post(
        edit, data={**EVENT, **_hidden(page), "resident": str(resident_id), "injuries": "2"}
    )
    assert saved.status_code == 302
    assert [(e.resident_id, e.injuries) for e in _events(app)] == [(resident_id, 2)]
    # but another company is not a choice
    page = client.get(edit).get_data(as_text=True)
    refused = client.post(edit, data={**EVENT, **_hidden(page), "resident": str(outsider_id)})
    assert refused.status_code == 422
