"""Confirming an organisation import on a SQLite file: a colleague's save meanwhile goes through.

Runs against a real file database (the suite's savepoint fixture would hide locking), with a
busy timeout so short that a save waiting for the import's write lock would fail at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from rcapp import create_app, db
from rcapp.db import ENGINE_KEY
from rcapp.dbcli import upgrade_database
from rcapp.organisations import import_confirm, services
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.conftest import TEST_RUBRICS_DIR
from tests.factories import credit_code
from tests.org_import_files import company, filled


@pytest.fixture
def file_app(tmp_path: Path) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path / 'import.sqlite3'}"
    upgrade_database(url)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "SQLITE_BUSY_TIMEOUT_MS": 200,
        }
    )
    yield app
    app.extensions[ENGINE_KEY].dispose()


def _colleague_registers(app: Flask, code: str) -> list[str]:
    """Save an organisation from another thread (its own session), as a colleague's request."""
    outcome: list[str] = []

    def save() -> None:
        with app.app_context():
            try:
                values = {"kind": OrganisationKind.COMPANY, "name_zh": "同事登记化工",
                          "credit_code": code, "province": "江苏省", "city": "南京市"}  # fmt: skip
                services.create_organisation(values, None)
                db.session().commit()
            except Exception as exc:  # noqa: BLE001 - the test reports what the colleague saw
                outcome.append(str(exc))
            else:
                outcome.append("saved")

    thread = threading.Thread(target=save)
    thread.start()
    thread.join(timeout=30)
    return outcome


def test_a_colleague_saves_while_the_import_is_checked_again(
    file_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [company(name_zh=f"锁外检查化工{n}", credit_code=credit_code()) for n in range(30)]
    data = filled(rows)
    colleague: list[str] = []

    def checked(data: bytes) -> Any:
        plan = plan_file(data)
        if not colleague:
            colleague.extend(_colleague_registers(file_app, credit_code()))
        return plan

    with file_app.app_context(), force_locale("zh_CN"):
        shown = plan_file(data).fingerprint()
        db.session().rollback()
        monkeypatch.setattr(import_confirm, "plan_file", checked)
        outcome = import_confirm.check_and_write(data, shown, None, "a.xlsx")
        assert colleague == ["saved"]  # not "database is locked": the check held no lock
        assert outcome.written is not None  # checked again (the register changed), then written
        assert outcome.written.created == 30
        total = db.session().scalar(select(func.count()).select_from(Organisation))
        assert total == 31
