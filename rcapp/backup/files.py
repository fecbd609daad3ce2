"""The folders of files the app stores, copied around the database copy.

Stored files are written once under a random name and never changed in place, so a folder
is copied before the database (a file deleted meanwhile is still in the backup) and again
after it, adding only what is new or still being written then (a file added meanwhile, to
which the copied database may already refer).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from rcapp.assessments.storage import HELD_EVIDENCE

UPLOADS = "uploads"  # UPLOAD_DIR: assessment evidence and corrective-action evidence
REPORTS = "reports"  # REPORTS_DIR: report jobs' result files and imports held for a decision
# The app's folders are private to the service user (docs/deployment.md: install -d -m 700).
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
# Files held for a user's confirmation, not stored: no row refers to them and they are gone
# within a day, so a backup neither takes them nor (from an older backup) brings them back.
# Template imports held for a decision (REPORTS/imports) are kept: an import job's row names
# its file, and the job a restore marks failed is retried from it (docs/deployment.md).
_NOT_BACKED_UP = {UPLOADS: HELD_EVIDENCE}


def backed_up(name: str, folder: Path) -> list[Path]:
    """Every path under the folder `name` (UPLOADS, REPORTS) that a backup holds, sorted."""
    skipped = _NOT_BACKED_UP.get(name)
    paths = sorted(folder.rglob("*")) if folder.is_dir() else []
    if skipped is None:
        return paths
    return [p for p in paths if p.relative_to(folder).parts[0] != skipped]


def copy_new_files(name: str, source: Path, target: Path) -> None:
    """Copy the files a backup holds of the folder `name` from `source` to `target`.

    A file is skipped when the same size and time are there already.
    """
    for path in backed_up(name, source):
        copy = target / path.relative_to(source)
        try:
            if not path.is_file() or _same(path, copy):
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        except FileNotFoundError:  # deleted while we walked: the first pass has it, or no row
            continue


def has_files(name: str, folder: Path) -> bool:
    return any(p.is_file() for p in backed_up(name, folder))


def check_folder(folder: Path) -> None:
    """Raise OSError unless `folder` can be emptied and refilled (created 0700 if missing).

    Run before the database is replaced, so a folder that cannot take the files stops the
    restore while nothing has changed yet.
    """
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        if not os.access(directory, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "cannot write", str(directory))
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".rcapp-restore-check-"):
        pass


def replace_folder(name: str, source: Path, folder: Path) -> None:
    """Make `folder` hold exactly the files of `source` (empty when the backup has none).

    The folder itself is kept, with its owner and mode (it may be a mount point): only
    what is in it is removed and written again, folders 0700 and files 0600 (QA35 D1, D2).
    """
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    for path in list(folder.iterdir()):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    for path in backed_up(name, source):
        copy = folder / path.relative_to(source)
        if path.is_dir():
            copy.mkdir(mode=PRIVATE_DIR)
            copy.chmod(PRIVATE_DIR)  # whatever the umask
        elif path.is_file():
            _copy_private(path, copy)


def _copy_private(path: Path, copy: Path) -> None:
    """Copy one file, readable by the owner only from the moment it exists."""
    handle = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.fchmod(handle, PRIVATE_FILE)
    with os.fdopen(handle, "wb") as out, path.open("rb") as data:
        shutil.copyfileobj(data, out)
    shutil.copystat(path, copy)  # the time, which copy_new_files compares; then the mode again
    copy.chmod(PRIVATE_FILE)


def _same(path: Path, copy: Path) -> bool:
    if not copy.is_file():
        return False
    mine, theirs = path.stat(), copy.stat()
    return mine.st_size == theirs.st_size and mine.st_mtime_ns == theirs.st_mtime_ns
