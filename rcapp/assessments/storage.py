"""Evidence files on disk: type and size checks, random names outside the web root, cleanup.

A file is accepted only when its extension is on the list AND its first bytes (or, for
Office, OFD and zip files, its zip directory) match that extension, so a renamed .exe is
refused. OFD is China's standard format for e-invoices and official documents.
Files are written before the database row is committed; `on_outcome` removes a new file
when the transaction does not commit, and removes a deleted file only once it has.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from flask import abort, current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from rcapp.config import MAX_FILES_PER_UPLOAD, MAX_UPLOAD_MB
from rcapp.downloads import content_disposition
from rcapp.errors import RcappError
from rcapp.fields import strip_control_chars

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from rcapp.assessments.models import Attachment

CHUNK = 64 * 1024
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".doc": "application/msword",
    ".ofd": "application/ofd",
    ".zip": "application/zip",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}
# How every page names the accepted types, the upload help and the refusal alike
# (messages.accepted_types_text): the name a user knows, with the extensions it stands for
# where it is not one of them (Word: DOC, DOCX). It names each CONTENT_TYPES extension once
# (tests/unit), so the words cannot drift from the check (actionfix #3).
TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "PDF": (".pdf",),
    "OFD": (".ofd",),
    "Word": (".doc", ".docx"),
    "Excel": (".xls", ".xlsx"),
    "JPG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "ZIP": (".zip",),
    "TXT": (".txt",),
    "CSV": (".csv",),
}
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    # Office 97-2003 files are OLE compound documents.
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
# Zip-based formats and the member that proves the kind (None: any valid zip).
_ZIP_PART: dict[str, tuple[str, ...]] = {
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".ofd": ("OFD.xml",),
    ".zip": (),
}
# The stored (checked) types a browser may show in its tab, with the extension whose first
# bytes prove them: never a type that runs script (HTML, SVG) or is sniffed (text).
_INLINE_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
# An inline file is its own document: no script, no form, nothing loaded from elsewhere;
# Chromium's PDF viewer still shows a PDF under it (tests/browser/test_evidence_inline.py).
INLINE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'"
)
_STORED_NAME = re.compile(r"[0-9a-f]{32}")
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


class UploadRefused(RcappError):
    """An evidence file that is not accepted; `code` says why (type, content, size, empty)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"upload refused: {code} {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str
    path: Path = field(repr=False)


# UPLOAD_DIR's folder of bulk evidence chosen but not yet confirmed (held_evidence.held_dir):
# no row refers to these files, and a backup leaves them out (rcapp.backup.files).
HELD_EVIDENCE = "held-evidence"


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_BYTES", MAX_UPLOAD_MB * 1024 * 1024))


def max_files_per_upload() -> int:
    return int(current_app.config.get("MAX_FILES_PER_UPLOAD", MAX_FILES_PER_UPLOAD))


def upload_limits() -> dict[str, int]:
    """Return the limits the upload help states and the browser checks before sending."""
    size = max_upload_bytes()
    return {"bytes": size, "mb": size // (1024 * 1024), "files": max_files_per_upload()}


def extension_of(filename: str) -> str:
    return os.path.splitext(filename.lower())[1]


def _display_base(filename: str) -> str:
    r"""Keep every part of the name the user gave, its path separators made "_".

    "检测报告/2025.pdf" was stored as "2025.pdf": the user no longer found the name they gave.
    Only a whole Windows path (an old browser sending "C:\\...\\a.pdf") is cut to its last
    part; "." and ".." parts go, so "../承诺书.pdf" reads "承诺书.pdf". The file on disk keeps
    its random name whatever this returns.
    """
    if _WINDOWS_PATH.match(filename):
        return re.split(r"[\\/]", filename)[-1]
    parts = [p for p in re.split(r"[\\/]", filename) if p.strip() not in ("", ".", "..")]
    return "_".join(parts)


def safe_filename(filename: str) -> str:
    """Keep a Chinese file name readable: separators replaced, control characters stripped.

    Quoting characters are replaced too, and the length is bounded (200 characters, the
    extension kept).

    Invisible format characters go too: a right-to-left override (U+202E) made "‮fdp.exe"
    show as "exe.pdf" wherever the name was echoed, and flipped the sentence around it.
    """
    base = _display_base(strip_control_chars(filename))
    cleaned = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    if not cleaned or cleaned.startswith("."):
        cleaned = "evidence" + extension_of(base)
    stem, ext = os.path.splitext(cleaned)
    return stem[: 200 - len(ext)] + ext


def upload_name(filename: str) -> str:
    """Return the name an upload is kept under; refuse a name that is only an extension.

    ".pdf" would be kept as "pdf" and refused as a file of that type, a name the user never
    chose (qa67): it is named as chosen and said to have no name before its extension.
    """
    name = safe_filename(filename)
    chosen = _display_base(strip_control_chars(filename)).strip()
    if chosen.startswith(".") and not extension_of(name):
        raise UploadRefused("no_name", name=chosen)
    return name


def store_upload(stream: IO[bytes], filename: str, limit: int, directory: Path) -> StoredFile:
    """Write `stream` under a random name in `directory`; raise UploadRefused if not fit."""
    ext = extension_of(filename)
    if ext not in CONTENT_TYPES:
        # An iPhone photo: the message says how to send it as JPG (qa44 S7).
        raise UploadRefused("photo_type" if ext in (".heic", ".heif") else "type", name=filename)
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = directory / stored_name
    try:
        size, digest = _copy_limited(stream, path, limit, filename)
        if size == 0:
            raise UploadRefused("empty", name=filename)
        if not content_matches(ext, path):
            raise UploadRefused("content", name=filename, ext=ext)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(stored_name, size, digest, CONTENT_TYPES[ext], path)


def copy_stored(
    stored_name: str, content_type: str, directory: Path, sha256: str | None = None
) -> StoredFile | None:
    """Give a stored file a second stored name; None when the source is gone.

    Each evidence row owns its own stored name (names are unique and a deletion removes the
    row's name), so a row carried into another year gets a name of its own. Stored files are
    written once and never changed, so where the file system allows, the new name is a hard
    link to the same bytes (a whole year's evidence carried over in moments, without doubling
    the disk it takes; deleting either name leaves the other's file). Where it does not, or
    the source's checksum is not known, the bytes are copied.
    """
    source = stored_path(stored_name, directory)
    if not source.is_file():
        return None
    new_name = secrets.token_hex(16)
    path = directory / new_name
    if sha256 is not None:
        try:
            os.link(source, path)
        except OSError:
            pass  # another file system, or links not allowed: copy below
        else:
            return StoredFile(new_name, path.stat().st_size, sha256, content_type, path)
    try:
        with source.open("rb") as stream:
            size, digest = _copy_limited(stream, path, source.stat().st_size, new_name)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(new_name, size, digest, content_type, path)


def _copy_limited(stream: IO[bytes], path: Path, limit: int, filename: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    # O_EXCL: a random name never overwrites; 0o600: only the app reads evidence.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise UploadRefused("size", name=filename, limit_mb=limit // (1024 * 1024))
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def content_matches(ext: str, path: Path) -> bool:
    """Whether the file's content is what its extension claims."""
    if ext in _MAGIC:
        with path.open("rb") as handle:
            head = handle.read(16)
        return head.startswith(_MAGIC[ext])
    if ext in _ZIP_PART:
        return _is_zip_with(path, _ZIP_PART[ext])
    return _is_text(path.read_bytes())


def _is_zip_with(path: Path, required_parts: tuple[str, ...]) -> bool:
    # Only the zip directory is read, never the members, so a zip bomb costs nothing.
    with path.open("rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return all(part in names for part in required_parts)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
    return False


def stored_path(stored_name: str, directory: Path) -> Path:
    if not _STORED_NAME.fullmatch(stored_name):
        raise ValueError(f"not a stored evidence name: {stored_name!r}")
    return directory / stored_name


def shows_inline(content_type: str | None) -> bool:
    """Whether a file stored with `content_type` may be viewed in the browser (PDF, image)."""
    return content_type in _INLINE_TYPES


def send_attachment(attachment: Attachment, *, inline: bool = False) -> Response:
    """Send an evidence file as a download (or `inline`); 404 when the file is gone from disk.

    Callers check the permission first. The response is never cached: evidence is private.
    """
    return send_stored(
        attachment.stored_name,
        attachment.content_type,
        attachment.original_name,
        inline=inline,
        ref=f"evidence-{attachment.id}",
    )


def send_stored(
    stored_name: str,
    content_type: str | None,
    download_name: str,
    *,
    inline: bool = False,
    ref: str | None = None,
) -> Response:
    """Send any stored upload (evidence, a corrective action's file) as a private download.

    `inline` shows a PDF or an image in the browser's tab instead, typed by the type stored
    when its content was checked (never by its name), in a sandbox; any other type is 404.
    """
    path = stored_path(stored_name, upload_dir())
    if not path.is_file():
        abort(404)
    if inline and not (
        content_type is not None
        and shows_inline(content_type)
        and content_matches(_INLINE_TYPES[content_type], path)
    ):
        abort(404)
    response = send_file(
        path,
        mimetype=content_type,
        as_attachment=not inline,
        download_name=download_name,
        max_age=0,
    )
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = content_disposition(download_name, disposition, ref)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if inline:
        response.headers["Content-Security-Policy"] = INLINE_POLICY
    if content_type and "charset=" in content_type:
        # Stored as sniffed ("text/plain; charset=utf-8"): Werkzeug would add a second one.
        response.headers["Content-Type"] = content_type
    return response


def flush_keeping(session: Session, stored: StoredFile) -> None:
    """Flush the new row naming `stored`, and leave no orphan file on disk.

    The file goes at once if the row is not written, or later if the transaction does not
    commit.
    """
    try:
        session.flush()
    except BaseException:
        stored.path.unlink(missing_ok=True)
        raise
    on_outcome(session, abandoned=lambda: stored.path.unlink(missing_ok=True))


def on_outcome(
    session: Session,
    *,
    committed: Callable[[], None] | None = None,
    abandoned: Callable[[], None] | None = None,
) -> None:
    """Run `committed` when the session's current transaction commits, else `abandoned`."""
    transaction = session.get_transaction()
    if transaction is None:
        raise RuntimeError("on_outcome needs an open transaction (flush first)")
    state = {"open": True, "committed": False}

    def after_commit(_session: Session) -> None:
        # Fires before this transaction's end; a later transaction's commit is not ours.
        if state["open"]:
            state["committed"] = True
            if committed is not None:
                committed()

    def after_end(_session: Session, ended: SessionTransaction) -> None:
        if ended is not transaction:
            return
        state["open"] = False
        if not state["committed"] and abandoned is not None:
            abandoned()

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_transaction_end", after_end)
