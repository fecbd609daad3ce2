"""QA (qa12 S6): the audit export translates each label once, not ~9 times a row, and its
cells are exactly those of a plain row-by-row rendering, in both languages."""

from __future__ import annotations

import contextlib
from typing import Any

import flask_babel
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.views import audit as audit_views
from rcapp.audit.services import record
from rcapp.reports import data_lists
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.test_audit_objects_named import _world


def _cells(client: FlaskClient) -> list[list[Any]]:
    book = export_audit(client)
    return [[cell.value for cell in row] for sheet in book.worksheets for row in sheet.iter_rows()]


def _more_entries(count: int) -> None:
    actor = make_user(email="many@example.cn", name="多条")
    for number in range(count):
        record(actor, "user", actor.id, "password.change")
        record(actor, "user", actor.id, "deactivate", reason=f"第 {number} 条", after={"x": True})


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_export_has_the_cells_of_a_plain_row_by_row_rendering(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    _world(db_session)
    _more_entries(5)
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    kept = _cells(client)

    # Without the memo every label is translated where it is used (str(), gettext).
    monkeypatch.setattr(audit_views, "translations_kept", contextlib.nullcontext)
    monkeypatch.setattr(data_lists, "translations_kept", contextlib.nullcontext)
    plain = _cells(client)

    assert kept == plain
    assert len(kept) > 15


def test_the_export_translates_labels_once_not_once_a_row(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _world(db_session)
    _more_entries(150)  # 300 entries more
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    calls = {"n": 0}
    translate = flask_babel.Domain.gettext

    def counted(self: flask_babel.Domain, string: str, **variables: Any) -> str:
        calls["n"] += 1
        return str(translate(self, string, **variables))

    monkeypatch.setattr(flask_babel.Domain, "gettext", counted)
    cells = _cells(client)

    assert len(cells) > 300
    assert calls["n"] < 150, calls["n"]  # was ~9 a row (2,700 here)
