"""`rcapp backup` and `rcapp restore`: a fresh database gets back every row and every file."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from rcapp import create_app, db
from rcapp.assessments import services
from rcapp.assessments.models import Answer, Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.audit.models import AuditEntry
from rcapp.backup.cli import backup_command, restore_command
from rcapp.db import ENGINE_KEY, make_engine
from rcapp.dbcli import upgrade_database
from rcapp.organisations.models import Organisation
from tests.conftest import TEST_PASSWORD_HASH_METHOD, TEST_RUBRICS_DIR
from tests.factories import fill_complete, make_world, start

PDF = b"%PDF-1.4\n% evidence\n"


def _make_app(url: str, uploads: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(uploads),
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
        }
    )


def _fill(app: Flask) -> None:
    """One organisation's answers, an evidence file and the audit entries they leave."""
    with app.app_context():
        world = make_world()
        assessment = start(world)
        fill_complete(assessment, world.user_a)
        services.add_attachment(
            assessment,
            rubric_of(assessment),
            "MS.G1.1",
            "承诺书.pdf",
            io.BytesIO(PDF),
            world.user_a,
        )
        db.session().commit()


def _contents(app: Flask) -> dict[str, Any]:
    """What must come back: organisations, answers, evidence (with bytes), audit entries."""
    with app.app_context():
        session = db.session()
        upload_dir = Path(app.config["UPLOAD_DIR"])
        attachments = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        return {
            "organisations": session.scalars(
                select(Organisation.credit_code).order_by(Organisation.id)
            ).all(),
            "answers": session.execute(
                select(Answer.assessment_id, Answer.item_id, Answer.level, Answer.value).order_by(
                    Answer.id
                )
            ).all(),
            "evidence": [
                (a.original_name, a.sha256, (upload_dir / a.stored_name).read_bytes())
                for a in attachments
            ],
            "audit": session.execute(
                select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action).order_by(
                    AuditEntry.id
                )
            ).all(),
        }


def _round_trip(source: Flask, target: Flask, out: Path) -> None:
    backup = source.test_cli_runner().invoke(backup_command, [str(out)])
    assert backup.exit_code == 0, backup.output
    assert "evidence files" in backup.output
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output


@pytest.mark.parametrize("archive", [False, True], ids=["directory", "tar.gz"])
def test_sqlite_backup_restores_everything_into_a_fresh_database(
    tmp_path: Path, archive: bool
) -> None:
    source = _make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    expected = _contents(source)
    assert expected["answers"]
    assert expected["evidence"]
    assert expected["audit"]

    target = _make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path / "fresh-uploads")
    out = tmp_path / ("backup.tar.gz" if archive else "backup")
    _round_trip(source, target, out)

    assert _contents(target) == expected
    for app in (source, target):
        app.extensions[ENGINE_KEY].dispose()


def test_restore_refuses_a_database_with_data_unless_forced(tmp_path: Path) -> None:
    source = _make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    refused = source.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    forced = source.test_cli_runner().invoke(restore_command, [str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    source.extensions[ENGINE_KEY].dispose()


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path: Path) -> None:
    source = _make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    evidence = next(p for p in (out / "uploads").rglob("*") if p.is_file())
    evidence.write_bytes(b"tampered")

    target = _make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path / "fresh-uploads")
    refused = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert "checksum mismatch" in refused.output
    assert not (tmp_path / "fresh-uploads").exists()
    for app in (source, target):
        app.extensions[ENGINE_KEY].dispose()


def test_backup_refuses_to_write_into_a_folder_with_files(tmp_path: Path) -> None:
    source = _make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    result = source.test_cli_runner().invoke(backup_command, [str(tmp_path / "out")])
    assert result.exit_code != 0
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"
    source.extensions[ENGINE_KEY].dispose()


@pytest.fixture
def postgres_urls() -> Iterator[tuple[str, str]]:
    """Two scratch databases next to the PostgreSQL test database (skipped without one)."""
    base = os.environ.get("RCAPP_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("needs RCAPP_TEST_DATABASE_URL pointing at PostgreSQL")
    url = make_url(base)
    names = [f"{url.database}_backup_src", f"{url.database}_backup_dst"]
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except ProgrammingError as exc:  # scripts/postgres.sh grants CREATEDB; others may not
        admin.dispose()
        pytest.skip(f"cannot create scratch databases: {exc.orig}")
    yield tuple(url.set(database=n).render_as_string(hide_password=False) for n in names)  # type: ignore[misc]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.postgres
def test_postgres_backup_restores_everything_into_a_fresh_database(
    tmp_path: Path, postgres_urls: tuple[str, str]
) -> None:
    source_url, target_url = postgres_urls
    source = _make_app(source_url, tmp_path / "live-uploads")
    upgrade_database(source_url)
    _fill(source)
    expected = _contents(source)
    target = _make_app(target_url, tmp_path / "fresh-uploads")
    upgrade_database(target_url)  # a migrated but empty database counts as empty

    _round_trip(source, target, tmp_path / "backup.tar.gz")

    assert _contents(target) == expected
    for app in (source, target):
        app.extensions[ENGINE_KEY].dispose()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("junk.tar.gz", b"not an archive", "not a complete .tar.gz backup"),
        ("cut.tar.gz", b"\x1f\x8b\x08\x00" + bytes(20), "not a complete .tar.gz backup"),
    ],
)
def test_an_unreadable_archive_is_refused_with_a_message(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    target = _make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path / "fresh-uploads")
    (tmp_path / name).write_bytes(content)
    refused = target.test_cli_runner().invoke(restore_command, [str(tmp_path / name)])
    assert refused.exit_code == 1
    assert words in refused.output
    assert "Traceback" not in refused.output
    target.extensions[ENGINE_KEY].dispose()


@pytest.mark.parametrize("manifest", ["{not json", '{"format": "rcapp-backup", "version": 1}'])
def test_a_damaged_manifest_is_refused_with_a_message(tmp_path: Path, manifest: str) -> None:
    target = _make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path / "fresh-uploads")
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "manifest.json").write_text(manifest)
    refused = target.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup")])
    assert refused.exit_code == 1
    assert "the manifest cannot be read" in refused.output
    target.extensions[ENGINE_KEY].dispose()
