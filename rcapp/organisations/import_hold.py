"""An uploaded organisation list waits on disk while it is checked, previewed and confirmed.

The file is named by the user who uploaded it and a random token, so a token reaches
neither another user's upload nor any other path. Beside it, a small JSON file keeps the
state of its job (import_job): checking, the preview, applying, the outcome. Nothing is
written to the database until the user confirms; cancelling deletes both files.

A user has one import at a time: a new upload drops the user's earlier ones (the newer
wins, its job finds its file gone and stops). Files left behind (a preview never confirmed,
a worker killed, a finished job's state) are swept once older than KEEP_FOR, at the next
upload of anyone; the caller keeps the files of a job still queued or running (import_job).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_FOR_SECONDS = 24 * 3600


def _directory() -> Path:
    directory = Path(current_app.config["UPLOAD_DIR"]) / "organisation-imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _path(user_id: int, token: str, suffix: str = ".xlsx") -> Path | None:
    if not TOKEN.match(token):
        return None
    return _directory() / f"{int(user_id)}-{token}{suffix}"


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


def drop_file(user_id: int, token: str) -> None:
    """Delete the uploaded workbook only: its job's state stays for the page to show."""
    path = _path(user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)


def drop(user_id: int, token: str) -> None:
    """Delete the upload, its job's state and its claims."""
    if not TOKEN.match(token):
        return
    for path in _directory().glob(f"{int(user_id)}-{token}.*"):
        path.unlink(missing_ok=True)


def _owner_and_token(path: Path) -> tuple[int, str] | None:
    owner, _, rest = path.name.partition("-")
    token = rest.split(".", 1)[0]
    return (int(owner), token) if owner.isdigit() and TOKEN.match(token) else None


def all_tokens() -> set[tuple[int, str]]:
    """Return (user id, token) of every upload or job state on disk, anyone's."""
    found = (_owner_and_token(path) for path in _directory().iterdir())
    return {pair for pair in found if pair is not None}


def tokens_of(user_id: int) -> set[str]:
    """Return the tokens of the user's uploads and job states on disk."""
    found = set()
    for path in _directory().glob(f"{int(user_id)}-*"):
        token = path.name.split("-", 1)[1].split(".", 1)[0]
        if TOKEN.match(token):
            found.add(token)
    return found


def claim(user_id: int, token: str, step: str) -> bool:
    """Take a step of a job once: True for the first caller only (two workers, two clicks)."""
    path = _path(user_id, token, f".{step}.claim")
    if path is None:
        return False
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def unclaim(user_id: int, token: str, step: str) -> None:
    """Let a step be taken again (the job went back a step)."""
    path = _path(user_id, token, f".{step}.claim")
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(now: float | None = None, keep: Callable[[int, str], bool] | None = None) -> int:
    """Delete every upload or state untouched for KEEP_FOR_SECONDS; return how many files.

    `keep(user_id, token)` true spares all the files of that job, however old.
    """
    oldest = (now if now is not None else time.time()) - KEEP_FOR_SECONDS
    count = 0
    kept: dict[tuple[int, str], bool] = {}
    for path in _directory().iterdir():
        try:
            if path.stat().st_mtime >= oldest:
                continue
            pair = _owner_and_token(path)
            if keep is not None and pair is not None:
                if pair not in kept:
                    kept[pair] = keep(*pair)
                if kept[pair]:
                    continue
            path.unlink(missing_ok=True)
            count += 1
        except FileNotFoundError:  # swept by another request meanwhile
            continue
    return count


def write_state(user_id: int, token: str, state: dict[str, Any]) -> None:
    """Replace the job's state at once (a reader sees the old one or the new one)."""
    path = _path(user_id, token, ".json")
    if path is None:
        raise ValueError(token)
    partial = path.parent / f"{path.name}.{secrets.token_hex(4)}.tmp"
    partial.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def read_state(user_id: int, token: str) -> dict[str, Any] | None:
    path = _path(user_id, token, ".json")
    if path is None or not path.is_file():
        return None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None
