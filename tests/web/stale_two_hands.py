"""Two hands on one form: a colleague in a browser of their own, or the user in another
window, tab or device, saves or deletes first; the user's stale form is then refused and
the refusal says who (rcapp.audit.whose). The steps and words the web tests of that share.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from rcapp import db
from rcapp.assessments.models import KpiTarget
from tests.conftest import AuthActions
from tests.two_sessions import two_clients
from tests.web import test_no_lost_event_and_target_edits as no_lost
from tests.web.helpers import error_beside

LANGS = ["zh", "en"]
SOMEONE = {"zh": "他人", "en": "someone else"}  # what a refusal said before it named anyone

# Colleagues as the pages name them in each language.
LI_LEI = {"zh": "李雷", "en": "李雷 (Li Lei)"}
WANG_FANG = {"zh": "王芳", "en": "王芳 (Wang Fang)"}
LI_QIANG = {"zh": "李强", "en": "李强"}  # no name in Latin letters recorded

Who = dict[str, str] | None  # a colleague (LI_LEI ...) or None: the user's other tab


def taken_note(who: Who, lang: str) -> str:
    """The note beside a field only the other hand changed (the page now shows their value)."""
    if who is None:
        return {
            "zh": "此项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值。",
            "en": "You changed this in another window, tab or device after this page was "
            "opened; it now shows that value.",
        }[lang]
    return {
        "zh": f"此项在您打开本页后已被{who['zh']}修改，现已显示修改后的值。",
        "en": f"{who['en']} changed this after you opened the page; it now shows their change.",
    }[lang]


def stored_note(who: Who, lang: str, value: str) -> str:
    """The note beside a field both hands changed: the user's input stays, `value` is stored."""
    if who is None:
        return {
            "zh": f"此项已在您的另一窗口、标签页或设备中修改，现存：{value}。",
            "en": "You changed this in another window, tab or device after this page was "
            f"opened; stored now: {value}.",
        }[lang]
    return {
        "zh": f"此项在您打开本页后已被{who['zh']}修改，现存：{value}。",
        "en": f"Changed by {who['en']} after you opened the page; stored now: {value}.",
    }[lang]


def beside(page: str, field: str) -> str:
    """The message beside `field` as read: entities decoded, white space folded."""
    return " ".join(html.unescape(error_beside(page, field)).split())


def signed_in(auth: AuthActions, email: str, lang: str) -> None:
    """Sign `email` in and switch their pages to `lang`."""
    auth.login(email)
    auth.choose_language(lang)


def refused(response: TestResponse) -> str:
    """The refusal of a stale form (409, the form shown again), entities decoded."""
    assert response.status_code == 409, response.status_code
    return html.unescape(response.get_data(as_text=True))


@dataclass(frozen=True)
class Row:
    """An event or a KPI target of the user's organisation, and two members who may edit it.

    `mine` is the user, `theirs` the colleague 李雷 (LI_LEI)."""

    kind: str  # "event" or "target"
    url: str
    row_id: int
    mine: str
    theirs: str

    other_change: dict[str, str]  # a change to a field other than the free text

    @property
    def text_field(self) -> str:
        """The row's free text (a text area)."""
        return "description" if self.kind == "event" else "note"


ROWS = ["event", "target"]


def make_row(kind: str, app: Flask, request: pytest.FixtureRequest) -> Row:
    """A row of `kind` (a KPI target reads the repository's rubrics, as on a real server)."""
    if kind == "event":
        assessment_id, row_id, mine, theirs = no_lost._event_world(app)
        url = f"/assessments/{assessment_id}/events/{row_id}"
        return Row(
            kind, url, row_id, mine, theirs, {"injuries": str(int(no_lost.EVENT["injuries"]) + 1)}
        )
    request.getfixturevalue("real_rubrics")
    assessment_id, row_id, mine, theirs = no_lost._target_world(app)
    with app.app_context():
        target = db.session().get(KpiTarget, row_id)
        assert target is not None
        later = {"deadline": str(target.deadline + 1)}
    return Row(kind, f"/assessments/{assessment_id}/targets/{row_id}", row_id, mine, theirs, later)


@dataclass(frozen=True)
class Opened:
    """The row's edit page as one hand opened it: the values shown and the hidden stamp."""

    shown: dict[str, str]
    stamp: dict[str, str]

    def data(self, **changed: str) -> dict[str, str]:
        """The form as posted with `changed` typed over what was shown."""
        return {**self.shown, **self.stamp, **changed}


def opened(client: FlaskClient, row: Row) -> Opened:
    """Open the row's edit page."""
    page = client.get(row.url).get_data(as_text=True)
    if row.kind == "event":
        shown = dict(no_lost.EVENT)
    else:
        shown = {
            name: no_lost._input(page, name) for name in ("base_year", "deadline", "change_pct")
        }
        shown |= {"kpi_id": "OHS-01", "value": "", "note": no_lost._textarea(page, "note")}
    return Opened(shown, no_lost._hidden(page))


def colleague_saved_first(
    app: Flask, client: FlaskClient, row: Row, lang: str, **changed: str
) -> Opened:
    """The user (on `client`, in `lang`) and the colleague (a browser of their own) open the
    row; the colleague saves `changed`. Returns the user's page, now stale."""
    other = two_clients(app, client, row.mine, row.theirs)
    AuthActions(client).choose_language(lang)
    mine = opened(client, row)
    assert other.post(row.url, data=opened(other, row).data(**changed)).status_code == 302
    return mine


def own_tab_saved_first(client: FlaskClient, row: Row, lang: str, **changed: str) -> Opened:
    """The user opens the row in two tabs and saves `changed` from the other one. Returns
    the first tab's page, now stale."""
    signed_in(AuthActions(client), row.mine, lang)
    mine = opened(client, row)
    assert client.post(row.url, data=mine.data(**changed)).status_code == 302
    return mine


def own_tab_deleted_first(client: FlaskClient, row: Row, lang: str) -> Opened:
    """The user opens the row in two tabs and deletes it from the other one. Returns the
    first tab's page, now stale."""
    signed_in(AuthActions(client), row.mine, lang)
    mine = opened(client, row)
    assert client.post(f"{row.url}/delete", data=mine.stamp).status_code == 302
    return mine


def kept_text(page: str, row: Row) -> str:
    """What the refused page keeps in the row's free text."""
    return no_lost._textarea(page, row.text_field)
