"""Make and restore a backup: the database, the stored files and the manifest together."""

from __future__ import annotations

import os
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from rcapp.backup import database, files, jobs, revisions
from rcapp.backup.manifest import BackupError, Manifest, read_verified_manifest
from rcapp.backup.manifest import write_manifest as _write_manifest

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
# A backup holds every organisation's data, evidence and password hashes: readable by the
# owner only, whatever the umask of the cron job that made it (QA13 DOC8).
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    counts: dict[str, int]  # counted again in the restored database
    failed_jobs: int = 0  # report jobs left unfinished in the backup, now failed (jobs.py)


def make_backup(engine: Engine, folders: Mapping[str, Path], out: Path) -> Manifest:
    """Write a backup to the directory `out`, or to the archive `out` if it ends in .tar.gz.

    `folders` are the stored-file folders by their name in the backup (files.UPLOADS,
    files.REPORTS). They are copied before and after the database (see rcapp.backup.files),
    so every file the copied database refers to is there, whatever was added or deleted
    while the backup ran.
    """
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise BackupError(f"{out} 已存在且不为空 (already exists and is not empty).")
    if not out.name.endswith(ARCHIVE_SUFFIXES):
        out.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        out.chmod(PRIVATE_DIR)
        manifest = _write(engine, folders, out)
        _make_private(out)
        return manifest
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".rcapp-backup-") as work:
        manifest = _write(engine, folders, Path(work))
        # Created 0600 before anything is written to it, not narrowed afterwards.
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        os.fchmod(handle, PRIVATE_FILE)
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            for path in sorted(Path(work).iterdir()):
                archive.add(path, arcname=path.name)
    return manifest


def _make_private(directory: Path) -> None:
    """Make a backup directory's folders 0700 and its files 0600 (copies keep their modes)."""
    for path in directory.rglob("*"):
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def restore_backup(
    engine: Engine, folders: Mapping[str, Path], source: Path, *, force: bool
) -> Restored:
    """Restore `source` (directory or archive) into an empty database and empty folders.

    Refuses a database that holds any row, or a folder that holds any file, unless `force`;
    then all are replaced. Every checksum, and that this rcapp knows the backup's schema
    revision, is verified before anything is changed.
    """
    with _unpacked(source) as directory:
        manifest = read_verified_manifest(directory)
        revisions.require_known(manifest.revision)
        if not force:
            _require_empty(engine, folders)
        _check_folders(folders)  # before the database changes (QA35 D1)
        database.restore(engine, manifest, directory)
        failed_jobs = jobs.fail_unfinished(engine)  # also when a folder fails below
        for name, folder in folders.items():
            try:
                files.replace_folder(name, directory / name, folder)
            except OSError as exc:
                raise BackupError(
                    f"数据库已恢复，但无法写入文件目录 {folder}：请修正后再次运行 restore --force "
                    f"(the database was restored but the folder {folder} could not be "
                    f"filled: {exc}; fix it and run restore --force again)."
                ) from exc
    with engine.connect() as conn:
        counts = database.row_counts(conn)
    if counts != manifest.counts:
        raise BackupError(
            f"恢复后的行数与备份不符 (row counts differ after restore): {counts} != "
            f"{manifest.counts}"
        )
    return Restored(manifest, counts, failed_jobs)


def _check_folders(folders: Mapping[str, Path]) -> None:
    for folder in folders.values():
        try:
            files.check_folder(folder)
        except OSError as exc:
            raise BackupError(
                f"无法写入文件目录 {folder}，未做任何更改；请以服务用户（如 rcapp）运行 restore "
                f"(cannot write the folder {folder}: {exc}; nothing was changed. Run restore as "
                "the service user, e.g. rcapp)."
            ) from exc


def _write(engine: Engine, folders: Mapping[str, Path], directory: Path) -> Manifest:
    for name, folder in folders.items():
        files.copy_new_files(name, folder, directory / name)
    manifest = database.dump(engine, directory)
    for name, folder in folders.items():
        files.copy_new_files(name, folder, directory / name)
    _write_manifest(directory, manifest)
    return manifest


@contextmanager
def _unpacked(source: Path) -> Iterator[Path]:
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"找不到备份 {source} (backup not found).")
    with tempfile.TemporaryDirectory(prefix="rcapp-restore-") as work:
        try:
            with tarfile.open(source, "r:*") as archive:
                archive.extractall(work, filter="data")  # no absolute paths, links out, devices
        except (tarfile.TarError, EOFError, OSError) as exc:  # not an archive, cut short, unsafe
            raise BackupError(
                f"无法读取备份文件 {source}，它不是完整的 .tar.gz 备份 "
                f"(cannot read {source}: not a complete .tar.gz backup: {exc})."
            ) from exc
        yield Path(work)


def _require_empty(engine: Engine, folders: Mapping[str, Path]) -> None:
    with engine.connect() as conn:
        filled = sorted(name for name, rows in database.row_counts(conn).items() if rows)
    if filled:
        shown = ", ".join(filled[:5])
        if len(filled) > 5:
            shown += f" … and {len(filled) - 5} more"
        raise BackupError(
            f"目标数据库不为空（{len(filled)} 个表有数据），如确需覆盖请加 --force "
            f"(the database is not empty: {len(filled)} tables hold rows: {shown}; "
            "use --force to replace it)."
        )
    for name, folder in folders.items():
        if files.has_files(name, folder):
            raise BackupError(
                f"文件目录 {folder} 不为空，如确需覆盖请加 --force "
                f"(the folder {folder} is not empty; use --force to replace it)."
            )
