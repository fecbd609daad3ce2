"""The folders of files the app stores, copied around the database copy.

Stored files are written once under a random name and never changed in place, so a folder
is copied before the database (a file deleted meanwhile is still in the backup) and again
after it, adding only what is new or still being written then (a file added meanwhile, to
which the copied database may already refer).
"""

from __future__ import annotations

import shutil
from pathlib import Path

UPLOADS = "uploads"  # UPLOAD_DIR: assessment evidence and corrective-action evidence
REPORTS = "reports"  # REPORTS_DIR: report jobs' result files and imports held for a decision


def copy_new_files(source: Path, target: Path) -> None:
    """Copy every file under `source` to `target` unless the same size and time are there."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        copy = target / path.relative_to(source)
        try:
            if not path.is_file() or _same(path, copy):
                continue
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        except FileNotFoundError:  # deleted while we walked: the first pass has it, or no row
            continue


def has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def replace_folder(source: Path, folder: Path) -> None:
    """Make `folder` hold exactly the files of `source` (empty when the backup has none)."""
    if folder.exists():
        shutil.rmtree(folder)
    if source.is_dir():
        shutil.copytree(source, folder)
    else:
        folder.mkdir(parents=True)


def _same(path: Path, copy: Path) -> bool:
    if not copy.is_file():
        return False
    mine, theirs = path.stat(), copy.stat()
    return mine.st_size == theirs.st_size and mine.st_mtime_ns == theirs.st_mtime_ns
