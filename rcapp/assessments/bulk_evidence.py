"""Evidence files for many items at once: match by item code, hold, preview, confirm.

HSE staff keep one file per item in a folder, named with the item's code. The chosen files
wait in a private folder of the user and the assessment (`held_dir`) until the user
confirms: they are checked there as any upload (type by content, size, HEIC advice), and
nothing is written to the database. Confirming stores each through `add_attachment`, the
single upload's own checks and store, in one transaction: a refusal undoes all of it (the
files already written go with the rolled-back transaction). Held files older than
`HOLD_SECONDS` are removed whenever files are held again.

Two tabs may add files, or confirm, at the same moment: every change of a folder's held
list (its manifest) is made under an exclusive lock on the folder (`_locked`), and a
confirmation or cancellation takes away only the files its preview showed, so files another
tab added meanwhile stay held.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import storage
from rcapp.assessments.evidence import add_attachment, evidence_warnings
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.validation import evidence_cap
from rcapp.errors import RcappError
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)

HOLD_SECONDS = 24 * 60 * 60
_MANIFEST = "manifest.json"
_LOCK = ".lock"
# What may follow an item's code at the start of a file name (a full stop: see _code_ends).
_SEPARATORS = " _-\u3000"


def _code_ends(rest: str, extension: str) -> bool:
    """Whether `rest`, what follows a code in a file name, starts with a separator.

    A full stop separates only when it starts the extension ("MS.G2.4.pdf") or is not
    followed by a Latin letter or digit ("MS.G2.4.管理制度.pdf"): in "MS.G2.4制度.pdf" it
    continues the code, so the file is not MS.G2's.
    """
    if not rest:
        return False
    if rest[0] in _SEPARATORS:
        return True
    after = rest[1:2]
    return rest[0] == "." and (rest == extension or not (after.isascii() and after.isalnum()))


def match_code(filename: str, codes: Iterable[str]) -> str | None:
    """Return the item code `filename` starts with (any case, then a separator); longest wins.

    "ms.g2.4_制度.pdf" is MS.G2.4; "MS.G2.41 记录.pdf" is MS.G2.41, never MS.G2.4.
    """
    name = filename.casefold()
    extension = os.path.splitext(name)[1]
    found = [
        code
        for code in codes
        if name.startswith(code.casefold()) and _code_ends(name[len(code) :], extension)
    ]
    return max(found, key=len) if found else None


@dataclass(frozen=True)
class HeldFile:
    """A chosen file waiting for the confirmation: `key` its stored (random) name."""

    key: str
    name: str
    size: int
    sha256: str


class BulkRefused(RcappError):
    """A file the confirmation refused (`refused` says why): nothing of the batch was stored."""

    def __init__(self, name: str, item_id: str, refused: storage.UploadRefused) -> None:
        super().__init__(f"bulk evidence refused: {name} for {item_id}: {refused.code}")
        self.name = name
        self.item_id = item_id
        self.refused = refused


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
    return _read_manifest(directory)


def hold_files(
    assessment: Assessment, actor: User, uploads: Sequence[tuple[str, IO[bytes]]]
) -> list[storage.UploadRefused]:
    """Check and hold each (file name, stream); return the refusals (those are not held)."""
    _drop_stale(storage.upload_dir() / storage.HELD_EVIDENCE)
    directory = held_dir(assessment, actor)
    refusals = []
    with _locked(directory):  # another tab's list is read only after ours is written
        held = [] if _stale(directory) else _read_manifest(directory)
        for filename, stream in uploads:
            try:
                name = storage.upload_name(filename)
                stored = storage.store_upload(stream, name, storage.max_upload_bytes(), directory)
            except storage.UploadRefused as refused:
                refusals.append(refused)
                continue
            held.append(HeldFile(stored.stored_name, name, stored.size, stored.sha256))
        _write_manifest(directory, held)
    logger.info(
        "%s evidence files held for assessment %s by %s", len(held), assessment.id, actor.id
    )
    return refusals


def release_held(assessment: Assessment, actor: User, keys: Collection[str]) -> None:
    """Remove the held files `keys` (those a preview showed); the folder goes once empty."""
    directory = held_dir(assessment, actor)
    if not directory.is_dir():
        return
    with _locked(directory):
        kept = [held for held in _read_manifest(directory) if held.key not in keys]
        for key in keys:
            if key.isalnum():  # a stored name, never a path from the form
                (directory / key).unlink(missing_ok=True)
        if kept:
            _write_manifest(directory, kept)
        else:
            shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
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


def _read_manifest(directory: Path) -> list[HeldFile]:
    """Return the held list, without the entries whose file is gone."""
    try:
        entries = json.loads((directory / _MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [HeldFile(**entry) for entry in entries if (directory / entry["key"]).is_file()]


def _write_manifest(directory: Path, held: list[HeldFile]) -> None:
    """Replace the held list at once: a reader without the lock sees the old or the new."""
    entries = [held_file.__dict__ for held_file in held]
    partial = directory / f".{_MANIFEST}.{os.getpid()}"
    partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, directory / _MANIFEST)


def _stale(directory: Path) -> bool:
    try:
        return time.time() - (directory / _MANIFEST).stat().st_mtime > HOLD_SECONDS
    except FileNotFoundError:
        return True


def _drop_if_stale(directory: Path) -> None:
    """Remove a folder held too long, looked at again under its lock (it may be refilled)."""
    with _locked(directory):
        if _stale(directory):
            shutil.rmtree(directory, ignore_errors=True)


def _drop_stale(parent: Path) -> None:
    for directory in parent.iterdir() if parent.is_dir() else []:
        if directory.is_dir() and _stale(directory):
            _drop_if_stale(directory)


@dataclass(frozen=True)
class PreviewRow:
    """A held file and the item it goes to (None: no code matched); what it would change.

    `answer` is the item's stored answer (None: not answered), `lifts` whether a file
    ends its counting lower for missing evidence, `already` whether the item holds this
    very content (it is skipped).
    """

    held: HeldFile
    item_id: str | None
    answer: Answer | None
    lifts: bool
    already: bool


def preview(
    assessment: Assessment, rubric: Rubric, held: Sequence[HeldFile], chosen: Mapping[str, str]
) -> list[PreviewRow]:
    """Match each held file to an item: the code in its name, or `chosen` (key → item id)."""
    items = rubric.item_index()
    capped = {p.subject for p in evidence_warnings(assessment, rubric, items)}
    answers = {a.item_id: a for a in assessment.answers}
    rows = []
    for held_file in held:
        item_id = chosen.get(held_file.key) or match_code(held_file.name, items)
        if item_id is not None and item_id not in items:
            item_id = None
        already = item_id is not None and any(
            a.item_id == item_id and a.sha256 == held_file.sha256 for a in assessment.attachments
        )
        rows.append(
            PreviewRow(
                held_file,
                item_id,
                answers.get(item_id) if item_id else None,
                item_id in capped and _lifted_by_file(assessment, rubric, item_id),
                already,
            )
        )
    return rows


def _lifted_by_file(assessment: Assessment, rubric: Rubric, item_id: str | None) -> bool:
    """Whether an uploaded file would end the item's counting lower (a note may be missing)."""
    item = rubric.item_index()[item_id or ""]
    answer = next(a for a in assessment.answers if a.item_id == item_id)
    return evidence_cap(item, answer.level, answer.value, answer.evidence_note, True) is None


@dataclass(frozen=True)
class Confirmed:
    """What a confirmation stored: (item id, file name) pairs, and the items no longer capped."""

    stored: tuple[tuple[str, str], ...]
    lifted: tuple[str, ...]

    @property
    def item_count(self) -> int:
        return len({item_id for item_id, _name in self.stored})


def confirm(
    assessment: Assessment, rubric: Rubric, rows: Sequence[PreviewRow], actor: User
) -> Confirmed:
    """Store every matched row's file as a single upload would; all or nothing.

    Raise BulkRefused naming the file and item at the first refusal; the caller rolls back,
    and the files written before it go with the transaction. Rows without an item, and
    rows whose content the item holds already, are skipped. Flushes, never commits.
    """
    items = rubric.item_index()
    before = {p.subject for p in evidence_warnings(assessment, rubric, items)}
    directory = held_dir(assessment, actor)
    stored = []
    for row in rows:
        if row.item_id is None or row.already:
            continue
        with (directory / row.held.key).open("rb") as stream:
            try:
                add_attachment(assessment, rubric, row.item_id, row.held.name, stream, actor)
            except storage.UploadRefused as refused:
                raise BulkRefused(row.held.name, row.item_id, refused) from refused
        stored.append((row.item_id, row.held.name))
    after = {p.subject for p in evidence_warnings(assessment, rubric, items)}
    if stored:  # the rows' files go once their copies are committed, not before; files
        # another tab held after this preview are not among the rows and stay held
        keys = {row.held.key for row in rows}
        storage.on_outcome(db.session(), committed=lambda: release_held(assessment, actor, keys))
    logger.info(
        "%s evidence files stored at once in assessment %s by %s",
        len(stored),
        assessment.id,
        actor.id,
    )
    return Confirmed(tuple(stored), tuple(sorted(before - after)))
