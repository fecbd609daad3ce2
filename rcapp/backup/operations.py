"""Make and restore a backup: the database, the evidence files and the manifest together."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from rcapp.backup import database
from rcapp.backup.manifest import UPLOADS, BackupError, Manifest, read_verified_manifest
from rcapp.backup.manifest import write_manifest as _write_manifest

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    counts: dict[str, int]  # counted again in the restored database


def make_backup(engine: Engine, upload_dir: Path, out: Path) -> Manifest:
    """Write a backup to the directory `out`, or to the archive `out` if it ends in .tar.gz.

    The database is copied first and the evidence files after it, so every file the copied
    database refers to is there (a file deleted in between is still in the backup, unused).
    """
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise BackupError(f"{out} 已存在且不为空 (already exists and is not empty).")
    if not out.name.endswith(ARCHIVE_SUFFIXES):
        out.mkdir(parents=True, exist_ok=True)
        return _write(engine, upload_dir, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".rcapp-backup-") as work:
        manifest = _write(engine, upload_dir, Path(work))
        with tarfile.open(out, "w:gz") as archive:
            for path in sorted(Path(work).iterdir()):
                archive.add(path, arcname=path.name)
    return manifest


def restore_backup(engine: Engine, upload_dir: Path, source: Path, *, force: bool) -> Restored:
    """Restore `source` (directory or archive) into an empty database and upload folder.

    Refuses a database that holds any row, or an upload folder that holds any file, unless
    `force`; then both are replaced. Every checksum is verified before anything is changed.
    """
    with _unpacked(source) as directory:
        manifest = read_verified_manifest(directory)
        if not force:
            _require_empty(engine, upload_dir)
        database.restore(engine, manifest, directory)
        _restore_uploads(directory / UPLOADS, upload_dir)
    with engine.connect() as conn:
        counts = database.row_counts(conn)
    if counts != manifest.counts:
        raise BackupError(
            f"恢复后的行数与备份不符 (row counts differ after restore): {counts} != "
            f"{manifest.counts}"
        )
    return Restored(manifest, counts)


def _write(engine: Engine, upload_dir: Path, directory: Path) -> Manifest:
    manifest = database.dump(engine, directory)
    if upload_dir.is_dir():
        shutil.copytree(upload_dir, directory / UPLOADS)
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


def _require_empty(engine: Engine, upload_dir: Path) -> None:
    with engine.connect() as conn:
        filled = sorted(name for name, rows in database.row_counts(conn).items() if rows)
    if filled:
        raise BackupError(
            "目标数据库不为空，如确需覆盖请加 --force "
            f"(the database is not empty: {', '.join(filled[:5])}; use --force to replace it)."
        )
    if upload_dir.is_dir() and any(upload_dir.iterdir()):
        raise BackupError(
            f"证据文件目录 {upload_dir} 不为空，如确需覆盖请加 --force "
            "(the evidence folder is not empty; use --force to replace it)."
        )


def _restore_uploads(source: Path, upload_dir: Path) -> None:
    if upload_dir.exists():
        shutil.rmtree(upload_dir)
    if source.is_dir():
        shutil.copytree(source, upload_dir)
    else:
        upload_dir.mkdir(parents=True)
