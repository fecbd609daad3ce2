"""A stored evidence file given a second name: a hard link where possible, else a copy.

Either way each name is a file of its own: deleting one leaves the other's bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from rcapp.assessments import storage

DATA = b"%PDF-1.4\nevidence\n%%EOF\n"
DIGEST = hashlib.sha256(DATA).hexdigest()


def _stored(directory: Path) -> str:
    (directory / ("a" * 32)).write_bytes(DATA)
    return "a" * 32


def test_a_known_checksum_links_the_same_bytes_and_a_deletion_keeps_the_other(
    tmp_path: Path,
) -> None:
    name = _stored(tmp_path)
    copy = storage.copy_stored(name, "application/pdf", tmp_path, sha256=DIGEST)
    assert copy is not None
    assert copy.stored_name != name
    assert (copy.size, copy.sha256) == (len(DATA), DIGEST)
    assert os.stat(tmp_path / name).st_ino == copy.path.stat().st_ino  # no second copy on disk
    copy.path.unlink()
    assert (tmp_path / name).read_bytes() == DATA


def test_without_a_checksum_the_bytes_are_copied_and_checksummed(tmp_path: Path) -> None:
    name = _stored(tmp_path)
    copy = storage.copy_stored(name, "application/pdf", tmp_path)
    assert copy is not None
    assert copy.sha256 == DIGEST
    assert os.stat(tmp_path / name).st_ino != copy.path.stat().st_ino
    assert copy.path.read_bytes() == DATA


def test_a_file_system_without_links_falls_back_to_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _stored(tmp_path)

    def no_links(*args: object) -> None:
        raise OSError("links not supported")

    monkeypatch.setattr(os, "link", no_links)
    copy = storage.copy_stored(name, "application/pdf", tmp_path, sha256=DIGEST)
    assert copy is not None
    assert copy.path.read_bytes() == DATA
    assert os.stat(tmp_path / name).st_ino != copy.path.stat().st_ino


def test_a_source_gone_from_storage_gives_none(tmp_path: Path) -> None:
    assert storage.copy_stored("b" * 32, "application/pdf", tmp_path, sha256=DIGEST) is None
