"""An uploaded organisation list waits on disk between the preview and the confirmation.

The file is named by the user who uploaded it and a random token, so a token reaches
neither another user's upload nor any other path. Nothing is written to the database
until the user confirms; cancelling deletes the file.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import current_app

TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _path(user_id: int, token: str) -> Path | None:
    if not TOKEN.match(token):
        return None
    directory = Path(current_app.config["UPLOAD_DIR"]) / "organisation-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{user_id}-{token}.xlsx"


def hold(user_id: int, data: bytes) -> str:
    token = secrets.token_hex(16)
    path = _path(user_id, token)
    if path is None:  # pragma: no cover - a fresh token always matches
        raise ValueError(token)
    path.write_bytes(data)
    return token


def held(user_id: int, token: str) -> bytes | None:
    path = _path(user_id, token)
    return path.read_bytes() if path is not None and path.is_file() else None


def drop(user_id: int, token: str) -> None:
    path = _path(user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)
