"""A stale events page never deletes or edits an event other than the one it showed (qa41).

D1: the colleague deletes the event and registers another (which got the same id on SQLite
before AUTOINCREMENT); S1: both delete the same event; D6: saving an event the colleague
deleted keeps the input typed in the register's "new event" form.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, func, select

from rcapp import db
from rcapp.assessments.models import Event, KpiTarget
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture, for the target
from tests.two_sessions import two_clients
from tests.web.stale_two_hands import make_row, opened
from tests.web.test_no_lost_event_and_target_edits import (
    EVENT,
    _event_world,
    _hidden,
    _textarea,
)


def _delete_form(page: str, url: str) -> dict[str, str]:
    """The version a row's delete form carries, as the register showed it."""
    form = re.search(rf'action="{re.escape(url)}">(.*?)</form>', page, re.DOTALL)
    assert form is not None
    version = re.search(r'name="version" value="(\d+)"', form.group(1))
    assert version is not None
    return {"version": version.group(1)}


def _descriptions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session().scalars(select(Event.description).order_by(Event.id)))


def test_a_stale_delete_never_removes_the_newer_event_nor_answers_404(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = two_clients(app, client, mine, theirs)
    register = f"/assessments/{assessment_id}/events"
    delete = f"{register}/{event_id}/delete"
    seen = _delete_form(client.get(register).get_data(as_text=True), delete)
    # The colleague deletes the event and registers a new one.
    theirs_seen = _delete_form(other.get(register).get_data(as_text=True), delete)
    assert other.post(delete, data=theirs_seen).status_code == 302
    new = {**EVENT, "occurred_on": "2025-11-11", "description": "新事件NEW"}
    assert other.post(register, data=new).status_code == 302
    with app.app_context():
        new_id = db.session().scalar(select(func.max(Event.id)))
    assert new_id != event_id  # never the deleted id again

    response = client.post(delete, data=seen, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # the register, not a 404 (S1)
    assert "此事件在您打开本页后已被李雷删除。" in page
    assert "事件已删除。" not in page
    assert _descriptions(app) == ["新事件NEW"]


def test_a_delete_of_an_event_changed_meanwhile_is_not_done(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = two_clients(app, client, mine, theirs)
    register = f"/assessments/{assessment_id}/events"
    seen = _delete_form(
        client.get(register).get_data(as_text=True), f"{register}/{event_id}/delete"
    )
    url = f"{register}/{event_id}"
    changed = {**EVENT, **_hidden(other.get(url).get_data(as_text=True)), "injuries": "2"}
    assert other.post(url, data=changed).status_code == 302

    response = client.post(f"{url}/delete", data=seen, follow_redirects=True)
    assert "此事件在您打开本页后已被李雷修改，未删除" in response.get_data(as_text=True)
    assert _descriptions(app) == ["储罐区泄漏"]
    client.get("/lang/en")
    english = client.post(f"{url}/delete", data=seen, follow_redirects=True)
    assert "was changed by 李雷 (Li Lei) after you opened this page" in english.get_data(
        as_text=True
    )


def test_saving_an_event_deleted_meanwhile_keeps_the_input_to_register_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = two_clients(app, client, mine, theirs)
    register = f"/assessments/{assessment_id}/events"
    url = f"{register}/{event_id}"
    stamp = _hidden(client.get(url).get_data(as_text=True))
    seen = _delete_form(other.get(register).get_data(as_text=True), f"{url}/delete")
    assert other.post(f"{url}/delete", data=seen).status_code == 302

    typed = {**EVENT, **stamp, "description": "重写的事件经过：泄漏约 2 吨"}
    response = client.post(url, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # not a bare 404 (D6)
    assert "此事件在您打开本页后已被李雷删除。" in page
    assert "可将其作为新事件再次登记" in page
    assert _textarea(page, "description") == "重写的事件经过：泄漏约 2 吨"
    assert f'action="{register}"' in page  # the form now registers it anew
    assert _descriptions(app) == []
    # Saving the kept input registers it again.
    again = {k: v for k, v in typed.items() if k not in ("version", "original")}
    assert client.post(register, data=again).status_code == 302
    assert _descriptions(app) == ["重写的事件经过：泄漏约 2 吨"]


def _targets(app: Flask) -> list[str | None]:
    with app.app_context():
        return list(db.session().scalars(select(KpiTarget.note).order_by(KpiTarget.id)))


def test_a_stale_kpi_target_delete_or_edit_never_touches_another_and_keeps_the_input(
    app: Flask, client: FlaskClient, connection: Connection, request: pytest.FixtureRequest
) -> None:
    """The same for own KPI targets: deleted or changed meanwhile, said by name."""
    row = make_row("target", app, request)
    other = two_clients(app, client, row.mine, row.theirs)
    kpis = f"{row.url.split('/targets/')[0]}/kpis"
    delete = f"{row.url}/delete"
    seen = _delete_form(client.get(kpis).get_data(as_text=True), delete)
    mine = opened(client, row)
    assert mine.shown["note"] == "原说明"
    # The colleague changes the note: the stale delete deletes nothing.
    assert other.post(row.url, data=opened(other, row).data(note="同事的说明")).status_code == 302
    changed = client.post(delete, data=seen, follow_redirects=True)
    assert "此指标目标在您打开本页后已被李雷修改，未删除" in changed.get_data(as_text=True)
    assert _targets(app) == ["同事的说明"]
    # The colleague deletes it: a stale delete says so, a stale save keeps the input.
    their_seen = _delete_form(other.get(kpis).get_data(as_text=True), delete)
    assert other.post(delete, data=their_seen).status_code == 302
    gone = client.post(delete, data=seen, follow_redirects=True)
    assert gone.status_code == 200
    assert "此指标目标在您打开本页后已被李雷删除。" in gone.get_data(as_text=True)
    saved = client.post(row.url, data=mine.data(note="我改写的说明"))
    assert saved.status_code == 409
    page = saved.get_data(as_text=True)
    assert "可将其作为新目标再次添加" in page
    assert _textarea(page, "note") == "我改写的说明"
    assert _targets(app) == []
