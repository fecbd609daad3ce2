"""Helpers for the organisation import's job tests: log in, upload, hold the worker back."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations import import_hold, import_job, import_tasks
from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.org_import_files import one_company

Held = list[tuple[Any, ...]]


def files(app: Flask) -> list[str]:
    directory = Path(app.config["UPLOAD_DIR"]) / "organisation-imports"
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


def secretariat(
    db_session: Session,
    auth: AuthActions,
    email: str = "sec-q@example.cn",
    name: str = "",
    lang: str = "zh",
) -> int:
    """Log a new secretariat user in, their pages in `lang`; return their id."""
    user = make_secretariat(email=email, **({"name": name} if name else {}))
    db_session.commit()
    auth.login(email)
    auth.choose_language(lang)
    return int(user.id)


def hold_back(monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[Held, Callable[..., Any]]:
    """Record the task `name` instead of running it; return the records and the real task."""
    held: Held = []
    real = getattr(import_tasks, name)
    monkeypatch.setattr(import_tasks, name, lambda *args: held.append(args))
    return held, real


def upload(client: FlaskClient, data: bytes, name: str = "名单.xlsx") -> Any:
    return client.post(
        "/organisations/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def token(location: str) -> str:
    found = re.search(r"/organisations/import/([0-9a-f]{32})$", location)
    assert found, location
    return found.group(1)


def fingerprint(page: str) -> str:
    found = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page)
    assert found, page
    return found.group(1)


def age(app: Flask, user_id: int, token: str, seconds: float) -> None:
    """Make the job's last move `seconds` ago, as the state file records it."""
    with app.test_request_context():
        job = import_job.load(user_id, token)
        assert job is not None
        document = import_hold.read_state(user_id, token)
        assert document is not None
        document["moved_at"] = time.time() - seconds
        import_hold.write_state(user_id, token, document)


def answer(client: FlaskClient, job: str, action: str = "apply", page: str = "") -> Any:
    """Confirm (or cancel) the job's preview as its page's button does; `page`: that page."""
    shown = page or client.get(f"/organisations/import/{job}").get_data(as_text=True)
    return client.post(
        f"/organisations/import/{job}", data={"action": action, "fingerprint": fingerprint(shown)}
    )


def queued(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, name_zh: str
) -> tuple[str, Held, Callable[..., Any]]:
    """Upload one new company `name_zh`, its check held back: the job, the held calls, the check."""
    held, check = hold_back(monkeypatch, "check_import")
    return token(upload(client, one_company(name_zh)).location), held, check


class Confirmed(NamedTuple):
    """A one-company import checked and confirmed, its write held back for the worker."""

    token: str
    held: Held
    apply: Callable[..., Any]
    response: Any  # the confirmation's
    preview: str  # the page it was confirmed on


def confirmed(client: FlaskClient, monkeypatch: pytest.MonkeyPatch, name_zh: str) -> Confirmed:
    """Upload one new company `name_zh`, let it be checked, confirm it; the write waits."""
    response = upload(client, one_company(name_zh))
    job = token(response.location)
    preview = client.get(response.location).get_data(as_text=True)
    held, apply = hold_back(monkeypatch, "apply_import")
    return Confirmed(job, held, apply, answer(client, job, "apply", preview), preview)
