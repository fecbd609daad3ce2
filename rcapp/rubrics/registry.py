"""Find, load and cache the rubric versions kept as `<rubric-id>/v<N>.yaml` in one directory."""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from rcapp.rubrics.errata import errata_path, read_errata
from rcapp.rubrics.loader import (
    LoadedRubric,
    Problem,
    RubricError,
    RubricFileError,
    load_rubric_bytes,
)
from rcapp.rubrics.model import RubricKind, Text

_VERSION_FILE = re.compile(r"v([1-9][0-9]*)\.yaml")
_RUBRIC_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


class RubricNotFoundError(RubricError, LookupError):
    """No file holds the requested rubric version."""


class RubricChanged(RubricError):  # noqa: N818 -- the name the other modules code against
    """A pinned rubric version's file no longer has the content it was pinned with."""

    def __init__(self, rubric_id: str, version: int, expected: str, actual: str) -> None:
        super().__init__(
            f"rubric {rubric_id} v{version} has changed since it was used "
            f"(sha256 {expected[:12]}… expected, {actual[:12]}… found); "
            "a published version must never be edited: publish a new version instead"
        )
        self.rubric_id = rubric_id
        self.version = version
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class RubricSummary:
    id: str
    version: int
    kind: RubricKind
    effective_year: int
    title: Text
    sha256: str


_SETTLED_NS = 2_000_000_000  # two seconds


class RubricRegistry:
    """The rubric versions under one directory.

    A version's errata file (rcapp.rubrics.errata), if there is one, is applied to the
    texts it names; the pinned hash stays the rubric file's own.

    Each `get` checks the file so that an edited published version is noticed: it is read
    and hashed again whenever its status (change time, modification time, size, inode)
    differs from the last read, which any write or replacement changes. Parsed rubrics are
    cached by (id, version, sha256).
    """

    def __init__(self, directory: str | os.PathLike[str], *, errata: bool = True) -> None:
        self.directory = Path(directory)
        self.errata = errata  # False only to compare with the texts as published
        self._cache: dict[tuple[str, int, str, str], LoadedRubric] = {}
        # Per file: its status at the last read and the hash of what was read then.
        self._hashes: dict[Path, tuple[tuple[int, int, int, int], str, bytes]] = {}
        # Per (id, version) found: its file and its errata file (`get` runs on every page).
        self._paths: dict[tuple[str, int], tuple[Path, Path]] = {}

    def versions(self) -> builtins.list[tuple[str, int]]:
        """Return the (rubric id, version) of every rubric file, sorted."""
        try:
            folders = [entry for entry in self.directory.iterdir() if _is_rubric_dir(entry)]
            found = [
                (folder.name, int(match[1]))
                for folder in folders
                for file in folder.iterdir()
                if (match := _VERSION_FILE.fullmatch(file.name)) and file.is_file()
            ]
        except OSError as exc:
            problem = Problem(str(exc.filename or self.directory), None, _reason(exc))
            raise RubricFileError([problem]) from exc
        return sorted(found)

    def list(self) -> builtins.list[RubricSummary]:
        """Load every rubric version and summarise it; raise RubricFileError on a bad file."""
        return [_summary(self.get(rubric_id, version)) for rubric_id, version in self.versions()]

    def get(self, rubric_id: str, version: int, sha256: str | None = None) -> LoadedRubric:
        """Return one rubric version; with `sha256`, only if the file still has that hash."""
        paths = self._paths.get((rubric_id, version))
        if paths is None:
            paths = self._path(rubric_id, version), errata_path(self.directory, rubric_id, version)
        path, errata_file = paths
        try:
            actual, data = self._hashed(path)
        except FileNotFoundError as exc:
            raise RubricNotFoundError(
                f"no rubric {rubric_id} v{version} in {self.directory}"
            ) from exc
        except OSError as exc:
            raise RubricFileError([Problem(str(path), None, _reason(exc))]) from exc
        self._paths[(rubric_id, version)] = paths  # only versions that exist (ids from URLs)
        if sha256 is not None and sha256 != actual:
            raise RubricChanged(rubric_id, version, sha256, actual)
        errata_sha, errata_data = self._errata(errata_file)
        key = (rubric_id, version, actual, errata_sha)
        if key not in self._cache:
            loaded = load_rubric_bytes(data, path)
            if errata_data is not None:
                rubric, _errata = read_errata(errata_data, errata_file, loaded.rubric, actual)
                loaded = dataclasses.replace(loaded, rubric=rubric, errata=errata_file)
            self._cache[key] = loaded
        return self._cache[key]

    def _errata(self, path: Path) -> tuple[str, bytes | None]:
        """Return the errata file's sha256 and bytes, or ("", None) if there is none."""
        if not self.errata:
            return "", None
        try:
            return self._hashed(path)
        except FileNotFoundError:
            return "", None
        except OSError as exc:
            raise RubricFileError([Problem(str(path), None, _reason(exc))]) from exc

    def _hashed(self, path: Path) -> tuple[str, bytes]:
        """Return the file's sha256 and bytes, reading it only if its status changed."""
        found = path.stat()
        status = (found.st_ctime_ns, found.st_mtime_ns, found.st_size, found.st_ino)
        kept = self._hashes.get(path)
        if kept is not None and kept[0] == status:
            return kept[1], kept[2]
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        # File times tick coarsely: a file written just now could be written again within
        # the same tick unseen, so its hash is kept only once it has been still a while.
        if time.time_ns() - found.st_mtime_ns > _SETTLED_NS:
            self._hashes[path] = (status, actual, data)
        return actual, data

    def latest(self, kind: RubricKind | str) -> LoadedRubric:
        """Return the rubric of `kind` with the latest effective year, then highest version."""
        candidates = [summary for summary in self.list() if summary.kind == kind]
        if not candidates:
            raise RubricNotFoundError(f"no {kind} rubric in {self.directory}")
        best = max(candidates, key=lambda s: (s.effective_year, s.version, s.id))
        return self.get(best.id, best.version, best.sha256)

    def _path(self, rubric_id: str, version: int) -> Path:
        # The id may come from a URL or the database: never let it leave the directory.
        if not _RUBRIC_ID.fullmatch(rubric_id) or version < 1:
            raise RubricNotFoundError(f"no rubric {rubric_id!r} v{version}")
        return self.directory / rubric_id / f"v{version}.yaml"


def _is_rubric_dir(entry: Path) -> bool:
    # The pattern of ids also leaves out `_drafts`, `.git` and the like.
    return _RUBRIC_ID.fullmatch(entry.name) is not None and entry.is_dir()


def _reason(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _summary(loaded: LoadedRubric) -> RubricSummary:
    rubric = loaded.rubric
    return RubricSummary(
        id=rubric.id,
        version=rubric.version,
        kind=rubric.kind,
        effective_year=rubric.effective_year,
        title=rubric.title,
        sha256=loaded.sha256,
    )
