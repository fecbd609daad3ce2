"""A stale event or KPI target page names who changed or deleted the row meanwhile.

A colleague by name ("李雷", "李雷 (Li Lei)" in English), the user themself as their other
window, tab or device; the page's input is kept either way (rcapp.audit.whose).
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from rcapp import db
from rcapp.assessments.models import Event, KpiTarget
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture, for the targets
from tests.web.stale_two_hands import (
    LANGS,
    ROWS,
    Row,
    colleague_saved_first,
    kept_text,
    make_row,
    own_tab_deleted_first,
    own_tab_saved_first,
    refused,
)

NAMED = {
    "event": {
        "zh": "此事件在您打开本页后已被李雷修改，您的修改未保存",
        "en": "李雷 (Li Lei) changed this event after you opened the page;",
    },
    "target": {
        "zh": "此目标在您打开本页后已被李雷修改，您的修改未保存",
        "en": "李雷 (Li Lei) changed this target after you opened this page.",
    },
}
UNNAMED = {  # what the refusal said before it named the colleague
    "event": {"zh": "此事件在您打开本页后已被他人修改", "en": "Someone else changed this event"},
    "target": {"zh": "此目标在您打开本页后已被他人修改", "en": "Someone else changed this target"},
}
CHANGED_NOT_DELETED = {
    "event": {
        "zh": "您已在另一窗口、标签页或设备中修改此事件，未删除；",
        "en": "You changed this event in another window, tab or device; it was not deleted.",
    },
    "target": {
        "zh": "您已在另一窗口、标签页或设备中修改此指标目标，未删除；",
        "en": "You changed this KPI target in another window, tab or device; it was not deleted.",
    },
}
DELETED = {
    "event": {
        "zh": "您已在另一窗口、标签页或设备中删除此事件。",
        "en": "You deleted this event in another window, tab or device.",
    },
    "target": {
        "zh": "您已在另一窗口、标签页或设备中删除此指标目标。",
        "en": "You deleted this KPI target in another window, tab or device.",
    },
}


@pytest.fixture(params=ROWS)
def row(request: pytest.FixtureRequest, app: Flask, connection: Connection) -> Row:
    return make_row(request.param, app, request)


def _exists(app: Flask, row: Row) -> bool:
    with app.app_context():
        return db.session().get(Event if row.kind == "event" else KpiTarget, row.row_id) is not None


@pytest.mark.parametrize("lang", LANGS)
def test_a_stale_save_names_the_colleague_and_keeps_the_input(
    app: Flask, client: FlaskClient, row: Row, lang: str
) -> None:
    mine = colleague_saved_first(app, client, row, lang, **{row.text_field: "同事的说明"})

    page = refused(client.post(row.url, data=mine.data(**{row.text_field: "我的说明"})))
    assert NAMED[row.kind][lang] in page
    assert UNNAMED[row.kind][lang] not in page
    assert kept_text(page, row) == "我的说明"


@pytest.mark.parametrize("lang", LANGS)
def test_deleting_a_row_changed_in_the_users_other_tab_says_so(
    app: Flask, client: FlaskClient, row: Row, lang: str
) -> None:
    mine = own_tab_saved_first(client, row, lang, **{row.text_field: "第二个标签页"})

    kept = client.post(f"{row.url}/delete", data=mine.stamp, follow_redirects=True)
    assert CHANGED_NOT_DELETED[row.kind][lang] in html.unescape(kept.get_data(as_text=True))
    assert _exists(app, row)


@pytest.mark.parametrize("lang", LANGS)
def test_saving_a_row_deleted_in_the_users_other_tab_says_so_and_keeps_the_input(
    client: FlaskClient, row: Row, lang: str
) -> None:
    mine = own_tab_deleted_first(client, row, lang)

    page = refused(client.post(row.url, data=mine.data(**{row.text_field: "我的说明"})))
    assert DELETED[row.kind][lang] in page
    assert kept_text(page, row) == "我的说明"
