"""manifest.json: what a backup holds, with checksums to prove nothing changed since."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = "rcapp-backup"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, in both languages."""


@dataclass
class Manifest:
    dialect: str  # "sqlite" or "postgresql"
    database_file: str
    revision: str | None  # the Alembic revision of the copied database
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())

    def to_json(self) -> str:
        data = {"format": FORMAT, "version": FORMAT_VERSION, **self.__dict__}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data: dict[str, Any] = json.loads(text)
        if data.pop("format", None) != FORMAT or data.pop("version", None) != FORMAT_VERSION:
            raise BackupError("不是 rcapp 备份 (not an rcapp backup, or an unknown version).")
        return cls(**data)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Checksum every file under `directory` into the manifest and write it."""
    manifest.files = {
        path.relative_to(directory).as_posix(): sha256_of(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    (directory / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def read_verified_manifest(directory: Path) -> Manifest:
    """Read the manifest and check every file against it; refuse missing or changed files."""
    try:
        manifest = Manifest.from_json((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{directory} 中没有 {MANIFEST} (no manifest: not a backup).") from exc
    except (ValueError, TypeError) as exc:  # not JSON, or not the fields of a manifest
        raise BackupError(f"{MANIFEST} 已损坏 (the manifest cannot be read: {exc}).") from exc
    present = {
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    for name, checksum in manifest.files.items():
        if name not in present:
            raise BackupError(f"备份缺少文件 {name} (file missing from the backup).")
        if sha256_of(directory / name) != checksum:
            raise BackupError(f"备份文件 {name} 已损坏 (checksum mismatch: file damaged).")
    extra = present - set(manifest.files)
    if extra:
        raise BackupError(f"备份中有清单外的文件 (files not in the manifest): {sorted(extra)[:5]}")
    return manifest
