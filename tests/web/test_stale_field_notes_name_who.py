"""The notes under a stale event's or KPI target's fields say whose save they show.

The top message named the colleague (李雷) or the user's own other window, tab or device,
while the notes under the fields still said "someone else": now both say the same
(rcapp.audit.whose.mark_fields).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture, for the targets
from tests.web.stale_two_hands import (
    LANGS,
    LI_LEI,
    ROWS,
    SOMEONE,
    Row,
    Who,
    beside,
    colleague_saved_first,
    make_row,
    own_tab_saved_first,
    refused,
    stored_note,
    taken_note,
)


@pytest.fixture(params=ROWS)
def row(request: pytest.FixtureRequest, app: Flask, connection: Connection) -> Row:
    return make_row(request.param, app, request)


def _assert_notes_name(who: Who, page: str, row: Row, changed: dict[str, str], lang: str) -> None:
    """Beside the field only the other hand changed, and beside the text both changed."""
    (only_theirs,) = changed.keys() - {row.text_field}
    assert beside(page, only_theirs) == taken_note(who, lang)
    assert beside(page, row.text_field) == stored_note(who, lang, changed[row.text_field])
    assert SOMEONE[lang] not in page.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_change_is_named_under_each_field(
    app: Flask, client: FlaskClient, row: Row, lang: str
) -> None:
    changed = {**row.other_change, row.text_field: "同事的说明"}
    mine = colleague_saved_first(app, client, row, lang, **changed)

    page = refused(client.post(row.url, data=mine.data(**{row.text_field: "我的说明"})))
    _assert_notes_name(LI_LEI, page, row, changed, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_in_the_users_other_tab_says_so_under_each_field(
    client: FlaskClient, row: Row, lang: str
) -> None:
    changed = {**row.other_change, row.text_field: "另一标签页"}
    mine = own_tab_saved_first(client, row, lang, **changed)

    page = refused(client.post(row.url, data=mine.data(**{row.text_field: "我的说明"})))
    _assert_notes_name(None, page, row, changed, lang)
