"""Evidence files for many items at once: match by item code, hold, preview, confirm.

HSE staff keep one file per item in a folder, named with the item's code. The chosen files
wait in a private folder of the user and the assessment (held_evidence) until the user
confirms: they are checked there as any upload (type by content, size, HEIC advice), and
nothing is written to the database. Confirming stores each through `add_attachment`, the
single upload's own checks and store, in one transaction: a refusal undoes all of it (the
files already written go with the rolled-back transaction).

Two tabs may add files, confirm or cancel at the same moment: a confirmation reads and
claims the files its preview showed under the folder's lock, and stores nothing when any of
them is gone (`HeldGone`: confirmed or cancelled in another tab, or held too long); files
another tab added meanwhile stay held.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import held_evidence, storage
from rcapp.assessments.evidence import add_attachment, evidence_warnings
from rcapp.assessments.held_evidence import HeldFile
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.validation import evidence_cap
from rcapp.errors import RcappError
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)

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


class HeldGone(RcappError):
    """Files a preview showed are no longer held; nothing of the batch was stored.

    Another tab confirmed or cancelled them, or they were held too long.
    """

    def __init__(self, count: int) -> None:
        super().__init__(f"bulk evidence gone: {count} files of the preview")
        self.count = count


class BulkRefused(RcappError):
    """A file the confirmation refused (`refused` says why): nothing of the batch was stored."""

    def __init__(self, name: str, item_id: str, refused: storage.UploadRefused) -> None:
        super().__init__(f"bulk evidence refused: {name} for {item_id}: {refused.code}")
        self.name = name
        self.item_id = item_id
        self.refused = refused


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

    Raise HeldGone, storing nothing, when a row's file is no longer held; BulkRefused
    naming the file and item at the first refusal. The caller rolls back, and the files
    written before it go with the transaction. Rows without an item, and rows whose content
    the item holds already, are skipped. Flushes, never commits.
    """
    items = rubric.item_index()
    before = {p.subject for p in evidence_warnings(assessment, rubric, items)}
    directory = held_evidence.held_dir(assessment, actor)
    keys = {row.held.key for row in rows}
    if not directory.is_dir():
        raise HeldGone(len(keys))
    with held_evidence.locked(directory):  # another tab's confirm or cancel waits for us
        if not held_evidence.held_now(directory, keys):
            held_evidence.drop_if_empty(directory)
            raise HeldGone(len(keys))
        stored = _store_rows(assessment, rubric, rows, actor, directory)
        if stored:  # gone from the held list for other tabs at once; the files themselves
            # go once their copies are committed, and are held again if they are not
            held_evidence.claim(directory, keys)
    if stored:
        storage.on_outcome(
            db.session(),
            committed=lambda: held_evidence.release_claimed(directory, keys),
            abandoned=lambda: held_evidence.unclaim(directory, keys),
        )
    logger.info(
        "%s evidence files stored at once in assessment %s by %s",
        len(stored),
        assessment.id,
        actor.id,
    )
    after = {p.subject for p in evidence_warnings(assessment, rubric, items)}
    return Confirmed(tuple(stored), tuple(sorted(before - after)))


def _store_rows(
    assessment: Assessment,
    rubric: Rubric,
    rows: Sequence[PreviewRow],
    actor: User,
    directory: Path,
) -> list[tuple[str, str]]:
    """Store the rows' files (under the folder's lock); return (item id, file name) pairs."""
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
    return stored
