"""Two organisations given the same name at the same moment: one is stored, one refused.

Names have no unique constraint (organisations registered alike before the rule stay
editable), so the service checks a name before it stores it. Two threads, two sessions, each
holding its transaction open after its check until the other has checked too (or a while
has passed): without the names' lock (services.lock_names) both checks found the name free
on PostgreSQL and both organisations were stored. On SQLite the second writer waits at its
BEGIN IMMEDIATE for the first to commit (rcapp.db), so the same test shows it serialised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from rcapp import db
from rcapp.organisations import import_confirm, services
from rcapp.organisations import register_state as register_state_module
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.factories import credit_code
from tests.org_import_files import company, filled

HOLD_SECONDS = 1.5  # how long a side that has checked waits for the other to check too
NAME = "同时登记化工有限公司"


def _values(name: str = NAME) -> dict[str, Any]:
    return {
        "kind": OrganisationKind.COMPANY,
        "name_zh": name,
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南京市",
    }


SIDE = threading.local()  # which side of the race this thread runs (its index)


def _apart(app: Flask, sides: list[Callable[[], None]]) -> list[Any]:
    """Run each side in its own thread, session and form post; return what each raised."""
    outcomes: list[Any] = ["did not finish"] * len(sides)

    def run(index: int, side: Callable[[], None]) -> None:
        SIDE.index = index
        with app.test_request_context(method="POST"):  # a GET's transactions only read
            try:
                side()
                db.session().commit()
            except Exception as error:  # noqa: BLE001 - the test inspects what was raised
                db.session().rollback()
                outcomes[index] = error
            else:
                outcomes[index] = None

    threads = [threading.Thread(target=run, args=(i, side)) for i, side in enumerate(sides)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _checks_meet(monkeypatch: pytest.MonkeyPatch, sides: int) -> None:
    """Make each side, once it has checked the name, wait for the others to check it too."""
    checked = [threading.Event() for _ in range(sides)]
    original = services.find_by_name

    def find_by_name(*args: Any) -> Any:
        found = original(*args)
        if args[0] == "name_zh":
            checked[SIDE.index].set()
            for other, event in enumerate(checked):
                if other != SIDE.index:
                    event.wait(HOLD_SECONDS)
        return found

    monkeypatch.setattr(services, "find_by_name", find_by_name)


def _create() -> None:
    services.create_organisation(_values(), None)


def _one_stored_one_refused(app: Flask, outcomes: list[Any]) -> None:
    assert sorted(type(o).__name__ for o in outcomes) == ["DuplicateName", "NoneType"], outcomes
    assert _stored(app) == 1


def _stored(app: Flask, name: str = NAME) -> int:
    with app.app_context():
        statement = (
            select(func.count()).select_from(Organisation).where(Organisation.name_zh == name)
        )
        return db.session().scalar(statement) or 0


def test_two_creations_of_one_name_at_once_store_one(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    _checks_meet(monkeypatch, 2)
    _one_stored_one_refused(isolated_app, _apart(isolated_app, [_create, _create]))


def test_a_rename_and_a_creation_of_one_name_at_once_store_one(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with isolated_app.app_context():
        renamed = services.create_organisation(_values("改名前化工有限公司"), None)
        db.session().commit()
        renamed_id = renamed.id

    def rename() -> None:
        organisation = db.session().get_one(Organisation, renamed_id)
        services.update_organisation(organisation, {"name_zh": NAME}, None)

    _checks_meet(monkeypatch, 2)
    _one_stored_one_refused(isolated_app, _apart(isolated_app, [rename, _create]))


def test_a_creation_while_an_import_writes_the_name_stores_one(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import checked its file; the colleague checks the name before the import writes it
    and stores theirs after: without the lock the import's digest saw nothing to re-check."""
    data = filled([company(name_zh=NAME, credit_code=credit_code())])
    with isolated_app.test_request_context():
        shown = plan_file(data).fingerprint()
        db.session().rollback()
    imported: list[Any] = []
    colleague_checked, import_written = threading.Event(), threading.Event()
    original = register_state_module.register_state
    calls = threading.local()

    def register_state() -> str:  # the import's writing transaction: let the colleague check
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 2:
            colleague_checked.wait(HOLD_SECONDS)
        return original()

    monkeypatch.setattr(import_confirm, "register_state", register_state)
    original_find = services.find_by_name

    def find_by_name(*args: Any) -> Any:
        found = original_find(*args)
        if args[0] == "name_zh":
            colleague_checked.set()
            import_written.wait(HOLD_SECONDS)  # stores its organisation after the import's
        return found

    monkeypatch.setattr(services, "find_by_name", find_by_name)

    def import_file() -> None:
        outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
        import_written.set()
        imported.append(outcome)

    outcomes = _apart(isolated_app, [import_file, _create])
    assert _stored(isolated_app) == 1, (outcomes, imported)
