"""Bulk evidence held for a confirmation: a private folder per user and assessment.

The chosen files wait in `held_dir` under random names, listed in its manifest, until the
user confirms or cancels (bulk_evidence). Held files older than `HOLD_SECONDS` are removed
whenever files are held again.

Two tabs may add, confirm or cancel the same files at the same moment: every change of a
folder's lists is made under an exclusive lock on the folder (`locked`). A confirmation
claims the files it stored, under the lock: they leave the held list at once, so another
tab finds them gone rather than storing or cancelling them too, and wait in the claimed list
until the transaction ends: removed once it commits (`release_claimed`), held again when it
does not (`unclaim`).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.models import Assessment

logger = logging.getLogger(__name__)

HOLD_SECONDS = 24 * 60 * 60
_MANIFEST = "manifest.json"
_CLAIMED = "claimed.json"  # files a confirmation stored, its transaction not yet ended
_LOCK = ".lock"


@dataclass(frozen=True)
class HeldFile:
    """A chosen file waiting for the confirmation: `key` its stored (random) name."""

    key: str
    name: str
    size: int
    sha256: str


def held_dir(assessment: Assessment, actor: User) -> Path:
    """Return the user's own folder for this assessment's held files (outside the web root)."""
    return storage.upload_dir() / storage.HELD_EVIDENCE / f"{assessment.id}-{actor.id}"


def held_files(assessment: Assessment, actor: User) -> list[HeldFile]:
    """Return the files held for the user and assessment; none once held too long."""
    directory = held_dir(assessment, actor)
    if not (directory / _MANIFEST).is_file():
        return []
    if _stale(directory):
        _drop_if_stale(directory)
        return []
    return _read_list(directory, _MANIFEST)


def hold_files(
    assessment: Assessment, actor: User, uploads: Sequence[tuple[str, IO[bytes]]]
) -> list[storage.UploadRefused]:
    """Check and hold each (file name, stream); return the refusals (those are not held)."""
    _drop_stale(storage.upload_dir() / storage.HELD_EVIDENCE)
    directory = held_dir(assessment, actor)
    refusals = []
    with locked(directory):  # another tab's list is read only after ours is written
        held = [] if _stale(directory) else _read_list(directory, _MANIFEST)
        for filename, stream in uploads:
            try:
                name = storage.upload_name(filename)
                stored = storage.store_upload(stream, name, storage.max_upload_bytes(), directory)
            except storage.UploadRefused as refused:
                refusals.append(refused)
                continue
            held.append(HeldFile(stored.stored_name, name, stored.size, stored.sha256))
        _write_list(directory, _MANIFEST, held)
    logger.info(
        "%s evidence files held for assessment %s by %s", len(held), assessment.id, actor.id
    )
    return refusals


def release_held(assessment: Assessment, actor: User, keys: Collection[str]) -> int:
    """Remove those of the files `keys` (a preview's) still held; return how many were.

    Files another tab's confirmation claimed are not held any more and stay.
    """
    directory = held_dir(assessment, actor)
    if not directory.is_dir():
        return 0
    with locked(directory):
        held = _read_list(directory, _MANIFEST)
        released = [h for h in held if h.key in keys]
        for held_file in released:
            (directory / held_file.key).unlink(missing_ok=True)
        _write_or_remove(directory, [h for h in held if h.key not in keys])
    return len(released)


def held_now(directory: Path, keys: Collection[str]) -> bool:
    """Whether every one of `keys` is held in `directory` (call under its lock)."""
    if _stale(directory):
        return False
    return set(keys) <= {held.key for held in _read_list(directory, _MANIFEST)}


def claim(directory: Path, keys: Collection[str]) -> None:
    """Move the held files `keys` to the claimed list (call under the folder's lock)."""
    held = _read_list(directory, _MANIFEST)
    claimed = _read_list(directory, _CLAIMED) + [h for h in held if h.key in keys]
    _write_list(directory, _CLAIMED, claimed)
    _write_list(directory, _MANIFEST, [h for h in held if h.key not in keys])


def release_claimed(directory: Path, keys: Collection[str]) -> None:
    """Remove the claimed files `keys`, stored for good; the folder goes once empty."""
    with locked(directory):
        claimed = _read_list(directory, _CLAIMED)
        for held_file in claimed:
            if held_file.key in keys:
                (directory / held_file.key).unlink(missing_ok=True)
        _write_list(directory, _CLAIMED, [h for h in claimed if h.key not in keys])
        _write_or_remove(directory, _read_list(directory, _MANIFEST))


def unclaim(directory: Path, keys: Collection[str]) -> None:
    """Hold the claimed files `keys` again: their confirmation was not committed."""
    with locked(directory):
        claimed = _read_list(directory, _CLAIMED)
        back = [h for h in claimed if h.key in keys]
        _write_list(directory, _CLAIMED, [h for h in claimed if h.key not in keys])
        _write_or_remove(directory, _read_list(directory, _MANIFEST) + back)


def drop_if_empty(directory: Path) -> None:
    """Remove a folder that holds nothing (call under its lock, which may have made it)."""
    _write_or_remove(directory, _read_list(directory, _MANIFEST))


def _write_or_remove(directory: Path, held: list[HeldFile]) -> None:
    """Write the held list; remove the folder instead when nothing is held nor claimed."""
    if held or _read_list(directory, _CLAIMED):
        _write_list(directory, _MANIFEST, held)
    else:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on `directory` (created if missing) while the block runs.

    The lock file lives in the folder, which may be removed under the lock: a waiter that
    then gets the lock of the removed file tries again on the folder's new one.
    """
    lock = directory / _LOCK
    while True:
        directory.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:  # the folder went between mkdir and open
            continue
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            mine, current = os.fstat(handle), os.stat(lock)
            if (mine.st_dev, mine.st_ino) == (current.st_dev, current.st_ino):
                break
        except FileNotFoundError:
            pass
        os.close(handle)
    try:
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _read_list(directory: Path, name: str) -> list[HeldFile]:
    """Return a list (held or claimed), without the entries whose file is gone."""
    try:
        entries = json.loads((directory / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [HeldFile(**entry) for entry in entries if (directory / entry["key"]).is_file()]


def _write_list(directory: Path, name: str, held: list[HeldFile]) -> None:
    """Replace a list at once: a reader without the lock sees the old or the new."""
    if name == _CLAIMED and not held:
        (directory / name).unlink(missing_ok=True)
        return
    entries = [asdict(held_file) for held_file in held]
    partial = directory / f".{name}.{os.getpid()}"
    partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, directory / name)


def _stale(directory: Path) -> bool:
    try:
        return time.time() - (directory / _MANIFEST).stat().st_mtime > HOLD_SECONDS
    except FileNotFoundError:
        return True


def _drop_if_stale(directory: Path) -> None:
    """Remove a folder held too long, looked at again under its lock (it may be refilled)."""
    with locked(directory):
        if _stale(directory):
            shutil.rmtree(directory, ignore_errors=True)


def _drop_stale(parent: Path) -> None:
    for directory in parent.iterdir() if parent.is_dir() else []:
        if directory.is_dir() and _stale(directory):
            _drop_if_stale(directory)
