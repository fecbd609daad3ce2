"""`rcapp backup` and `rcapp restore`: a fresh database gets back every row and every file."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from rcapp import create_app, db
from rcapp.accounts.models import User
from rcapp.assessments import held_evidence, services
from rcapp.assessments.models import Answer, Assessment, Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.storage import HELD_EVIDENCE
from rcapp.audit.models import AuditEntry
from rcapp.backup import database, files
from rcapp.backup.cli import backup_command, restore_command
from rcapp.db import ENGINE_KEY, make_engine
from rcapp.dbcli import alembic_config, upgrade_database
from rcapp.organisations.models import Organisation
from rcapp.reports import import_service, jobs
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import TEST_PASSWORD_HASH_METHOD, TEST_RUBRICS_DIR
from tests.factories import all_rows, fill_complete, make_organisation, make_world, start

PDF = b"%PDF-1.4\n% evidence\n"
WORKBOOK = b"PK\x03\x04 a finished report"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_apps: list[Flask] = []


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Close every test app's connections, also when a test fails halfway.

    A connection left open is closed by the garbage collector later, inside another test,
    which then fails on the ResourceWarning.
    """
    yield
    _dispose_apps()


def _dispose_apps() -> None:
    while _apps:
        _apps.pop().extensions[ENGINE_KEY].dispose()


def _make_app(url: str, uploads: Path) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(uploads),
            "REPORTS_DIR": str(uploads.with_name(f"{uploads.name}-reports")),
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
        }
    )
    _apps.append(app)
    return app


def _live(tmp_path: Path, *, filled: bool = True) -> Flask:
    """Return the installation backed up: an app on a SQLite file, migrated, filled (_fill)."""
    source = _make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    if filled:
        _fill(source)
    return source


def _fresh(tmp_path: Path) -> Flask:
    """Return the installation restored into: an app on a SQLite file not yet created."""
    return _make_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path / "fresh-uploads")


def _fill(app: Flask) -> None:
    """One organisation's answers, an evidence file and the audit entries they leave,
    a finished report job with its workbook and a template import held for a decision."""
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
        job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
        jobs.store_result(job, WORKBOOK, "年度汇总.xlsx", XLSX)
        import_service.hold_upload(assessment, WORKBOOK)
        db.session().commit()


def _stored_files(app: Flask) -> dict[str, str]:
    """Every file in the app's file folders, by folder and path, with its SHA-256."""
    found = {}
    for key in ("UPLOAD_DIR", "REPORTS_DIR"):
        folder = Path(app.config[key])
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                found[f"{key}/{path.relative_to(folder).as_posix()}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return found


def _contents(app: Flask) -> dict[str, Any]:
    """What must come back: every row of every table, every stored file, and in particular
    organisations, answers, evidence (with bytes), audit entries and report downloads."""
    with app.app_context():
        session = db.session()
        upload_dir = Path(app.config["UPLOAD_DIR"])
        attachments = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        report_jobs = session.scalars(select(ReportJob).order_by(ReportJob.id)).all()
        return {
            "tables": all_rows(session),
            "files": _stored_files(app),
            "reports": [
                (job.result_name, path.read_bytes() if (path := jobs.result_path(job)) else None)
                for job in report_jobs
            ],
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
    assert "stored files in UPLOAD_DIR" in backup.output  # not all evidence (QA35 S15)
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output


@pytest.mark.parametrize("archive", [False, True], ids=["directory", "tar.gz"])
def test_sqlite_backup_restores_everything_into_a_fresh_database(
    tmp_path: Path, archive: bool
) -> None:
    source = _live(tmp_path)
    expected = _contents(source)
    assert expected["answers"]
    assert expected["evidence"]
    assert expected["audit"]
    assert expected["reports"] == [("年度汇总.xlsx", WORKBOOK)]
    assert any(name.startswith("REPORTS_DIR/imports/") for name in expected["files"])

    target = _fresh(tmp_path)
    out = tmp_path / ("backup.tar.gz" if archive else "backup")
    _round_trip(source, target, out)

    assert _contents(target) == expected


def _drop_database(admin: Engine, name: str) -> None:
    """Drop a scratch database, whoever is still connected to it.

    WITH (FORCE) ends our own leftover connections, but PostgreSQL 15 refuses it while an
    autovacuum worker (no role of ours) is on the database: "must be a member of the role
    whose process is being terminated". A plain DROP stops autovacuum itself, so that is the
    fallback; both are tried again for a few seconds before giving up.
    """
    for attempt in range(20):
        for statement in (
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{name}"',
        ):
            try:
                with admin.connect() as conn:
                    conn.execute(text(statement))
                return
            except (ProgrammingError, OperationalError):
                if attempt == 19 and "FORCE" not in statement:
                    raise
        time.sleep(0.5)


def _postgres_databases() -> Iterator[tuple[str, str]]:
    """Two scratch databases next to the PostgreSQL test database (skipped without one)."""
    base = os.environ.get("RCAPP_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("needs RCAPP_TEST_DATABASE_URL pointing at PostgreSQL")
    url = make_url(base)
    names = [f"{url.database}_backup_src", f"{url.database}_backup_dst"]
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    try:
        try:
            for name in names:
                _drop_database(admin, name)
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
        except ProgrammingError as exc:  # scripts/postgres.sh grants CREATEDB; others may not
            pytest.skip(f"cannot create scratch databases: {exc.orig}")
        yield tuple(url.set(database=n).render_as_string(hide_password=False) for n in names)  # type: ignore[misc]
        _dispose_apps()  # before the drop, which would end them under the pools' feet
        for name in names:
            _drop_database(admin, name)
    finally:  # a connection left open would be closed by the garbage collector, in another test
        admin.dispose()


@pytest.fixture
def postgres_urls() -> Iterator[tuple[str, str]]:
    yield from _postgres_databases()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A live and a fresh database: SQLite files, or PostgreSQL scratch databases."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        yield from _postgres_databases()


def test_restore_refuses_a_database_with_data_unless_forced(
    tmp_path: Path, urls: tuple[str, str]
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    refused = source.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    forced = source.test_cli_runner().invoke(restore_command, [str(out), "--force"])
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize("folder", ["uploads", "reports"])
@pytest.mark.parametrize("archive", [False, True], ids=["directory", "tar.gz"])
def test_a_damaged_backup_is_refused_before_anything_changes(
    tmp_path: Path, urls: tuple[str, str], folder: str, archive: bool
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    damaged = next(p for p in sorted((out / folder).rglob("*")) if p.is_file())
    damaged.write_bytes(b"tampered")
    if archive:
        with tarfile.open(tmp_path / "backup.tar.gz", "w:gz") as packed:
            for path in out.iterdir():
                packed.add(path, arcname=path.name)
        out = tmp_path / "backup.tar.gz"

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    upgrade_database(target.config["DATABASE_URL"])
    refused = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code == 1
    assert "checksum mismatch" in refused.output
    assert f"{folder}/{damaged.name}" in refused.output  # names the damaged file
    with target.app_context():
        assert all(not rows for rows in all_rows(db.session()).values())
    assert not (tmp_path / "fresh-uploads").exists()
    assert not (tmp_path / "fresh-uploads-reports").exists()


def test_files_added_or_deleted_while_the_backup_runs_match_the_copied_database(
    tmp_path: Path, urls: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    copy_database = database.dump

    def dump_while_the_app_works(*args: Any) -> Any:
        with source.app_context():  # a report finishes just before the copy...
            job = db.session().scalars(select(ReportJob)).one()
            jobs.store_result(job, b"PK\x03\x04 run again", "再次生成.xlsx", XLSX)
            db.session().commit()
        manifest = copy_database(*args)
        for path in Path(source.config["UPLOAD_DIR"]).iterdir():  # ...evidence goes just after
            path.unlink()
        return manifest

    monkeypatch.setattr(database, "dump", dump_while_the_app_works)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    monkeypatch.undo()

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    assert target.test_cli_runner().invoke(restore_command, [str(out)]).exit_code == 0
    restored = _contents(target)
    # the item's evidence (fill_complete files the prerequisite's own beside it)
    assert [bytes_ for name, _sha, bytes_ in restored["evidence"] if name == "承诺书.pdf"] == [PDF]
    assert restored["reports"] == [("再次生成.xlsx", b"PK\x03\x04 run again")]


def test_restore_refuses_a_folder_of_report_files_unless_forced(
    tmp_path: Path, urls: tuple[str, str]
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    reports = Path(target.config["REPORTS_DIR"])
    reports.mkdir()
    (reports / "left-over").write_bytes(b"old")
    refused = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    assert (reports / "left-over").read_bytes() == b"old"
    forced = target.test_cli_runner().invoke(restore_command, [str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not (reports / "left-over").exists()
    assert _contents(target) == _contents(source)


def test_a_backup_from_a_newer_rcapp_is_refused_before_anything_changes(
    tmp_path: Path, urls: tuple[str, str]
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["revision"] = "ffffffffffff"  # a migration this rcapp does not have
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    upgrade_database(target.config["DATABASE_URL"])
    refused = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code == 1
    assert "ffffffffffff is unknown to this rcapp" in refused.output
    with target.app_context():
        assert all(not rows for rows in all_rows(db.session()).values())
    assert not (tmp_path / "fresh-uploads").exists()


def test_a_backup_at_an_older_revision_is_restored_and_then_upgraded(
    tmp_path: Path, urls: tuple[str, str]
) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(""))
    head = scripts.get_current_head()
    assert head is not None
    older = scripts.get_revision(head).down_revision
    assert isinstance(older, str)
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"], older)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    upgrade_database(target.config["DATABASE_URL"])  # at head: replaced by the older schema
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output
    assert f"older than this rcapp's {head}: run `rcapp db upgrade`" in restored.output
    with target.extensions[ENGINE_KEY].connect() as conn:
        assert database.revision(conn) == older
    upgrade_database(target.config["DATABASE_URL"])
    with target.extensions[ENGINE_KEY].connect() as conn:
        assert database.revision(conn) == head


def test_report_jobs_unfinished_in_the_backup_can_be_retried_after_restore(
    tmp_path: Path,
    urls: tuple[str, str],
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    with source.app_context():  # asked for, but no worker has taken it yet
        secretariat = db.session().scalars(select(User).where(User.is_secretariat)).one()
        jobs.request_job(JobKind.SCORECARDS, secretariat)
        db.session().commit()
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output
    assert "1 report jobs were not finished when the backup was made" in restored.output
    with target.app_context():
        found = {j.kind: j for j in db.session().scalars(select(ReportJob))}
        assert found[JobKind.ANNUAL_WORKBOOK].status is JobStatus.DONE
        unfinished = found[JobKind.SCORECARDS]
        assert unfinished.status is JobStatus.FAILED
        assert unfinished.error is not None
        assert unfinished.error == "unfinished_at_backup"  # said in the viewer's language
        secretariat = db.session().scalars(select(User).where(User.is_secretariat)).one()
        jobs.retry_job(unfinished, secretariat)  # a failed job may be queued again


def test_backup_refuses_to_write_into_a_folder_with_files(tmp_path: Path) -> None:
    source = _live(tmp_path, filled=False)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    result = source.test_cli_runner().invoke(backup_command, [str(tmp_path / "out")])
    assert result.exit_code != 0
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


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
    with target.app_context():  # the sequences came back too: a new row takes a fresh id
        before = db.session().scalar(select(func.max(Organisation.id)))
        organisation = make_organisation()
        db.session().commit()
        assert before is not None
        assert organisation.id > before


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
    target = _fresh(tmp_path)
    (tmp_path / name).write_bytes(content)
    refused = target.test_cli_runner().invoke(restore_command, [str(tmp_path / name)])
    assert refused.exit_code == 1
    assert words in refused.output
    assert "Traceback" not in refused.output
    target.extensions[ENGINE_KEY].dispose()


@pytest.mark.parametrize("manifest", ["{not json", '{"format": "rcapp-backup", "version": 1}'])
def test_a_damaged_manifest_is_refused_with_a_message(tmp_path: Path, manifest: str) -> None:
    target = _fresh(tmp_path)
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "manifest.json").write_text(manifest)
    refused = target.test_cli_runner().invoke(restore_command, [str(tmp_path / "backup")])
    assert refused.exit_code == 1
    assert "the manifest cannot be read" in refused.output
    target.extensions[ENGINE_KEY].dispose()


def test_a_sqlite_backup_taken_while_a_writer_commits_holds_whole_transactions(
    tmp_path: Path,
) -> None:
    source = _live(tmp_path, filled=False)
    stop, started = threading.Event(), threading.Event()

    def write_pairs() -> None:  # every transaction adds two organisations (WAL mode)
        with source.app_context():
            while not stop.is_set():
                make_organisation()
                make_organisation()
                db.session().commit()
                started.set()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        assert started.wait(30)
        counts = []
        for n in range(3):
            out = tmp_path / f"backup-{n}"
            result = source.test_cli_runner().invoke(backup_command, [str(out)])
            assert result.exit_code == 0, result.output
            assert sorted(p.name for p in out.iterdir()) == ["database.sqlite3", "manifest.json"]
            with closing(sqlite3.connect(out / "database.sqlite3")) as copy:
                assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                counts.append(copy.execute("SELECT COUNT(*) FROM organisations").fetchone()[0])
    finally:
        stop.set()
        writer.join()
    assert all(count % 2 == 0 for count in counts)  # never half a transaction


@pytest.mark.parametrize("archive", [False, True], ids=["directory", "tar.gz"])
def test_a_backup_is_readable_by_its_owner_only_whatever_the_umask(
    tmp_path: Path, urls: tuple[str, str], archive: bool
) -> None:
    """QA13 DOC8: the archive was -rw-r--r-- (it holds password hashes and all evidence)."""
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(source.config["DATABASE_URL"])
    _fill(source)
    out = tmp_path / ("backup.tar.gz" if archive else "backup")
    before = os.umask(0o022)
    try:
        result = source.test_cli_runner().invoke(backup_command, [str(out)])
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == (0o600 if archive else 0o700)
    if not archive:
        inside = list(out.rglob("*"))
        assert any(p.is_file() for p in inside)
        for path in inside:
            assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
    # Still restorable as before.
    target = _make_app(urls[1], tmp_path / "scratch-uploads")
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output


def _busy_on(folder: Path, real: Any) -> Any:
    """A stand-in for os.rmdir / shutil.rmtree that fails on `folder` itself, as a mount
    point does (EBUSY), and works on everything else."""

    def fake(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).resolve() == folder.resolve():
            raise OSError(errno.EBUSY, "Device or resource busy", str(path))
        return real(path, *args, **kwargs)

    return fake


def test_restore_keeps_the_folders_themselves_their_mode_and_writes_private_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA35 D1 + D2: the folders may be mount points, owned by the service user, 0700."""
    source = _live(tmp_path)
    out = tmp_path / "backup.tar.gz"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _fresh(tmp_path)
    folders = [Path(target.config[key]) for key in ("UPLOAD_DIR", "REPORTS_DIR")]
    for folder in folders:
        folder.mkdir(mode=0o700)
        (folder / "old").mkdir()
        (folder / "old" / "left-over").write_bytes(b"old")
    inodes = [folder.stat().st_ino for folder in folders]
    for folder in folders:
        monkeypatch.setattr(os, "rmdir", _busy_on(folder, os.rmdir))
        monkeypatch.setattr(shutil, "rmtree", _busy_on(folder, shutil.rmtree))
    os.umask(old_umask := os.umask(0o022))
    try:
        restored = target.test_cli_runner().invoke(restore_command, [str(out), "--force"])
    finally:
        os.umask(old_umask)
    assert restored.exit_code == 0, restored.output
    assert _contents(target) == _contents(source)
    for folder, inode in zip(folders, inodes, strict=True):
        assert folder.stat().st_ino == inode  # the same folder, not a new one
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert not (folder / "old").exists()
        for path in folder.rglob("*"):
            assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)


def test_a_folder_that_cannot_be_written_stops_the_restore_before_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _live(tmp_path)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _fresh(tmp_path)
    reports = Path(target.config["REPORTS_DIR"])
    reports.mkdir(mode=0o700)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: Path(p) != reports and real_access(p, mode, **kw)
    )
    refused = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert "nothing was changed" in refused.output
    assert "service user" in refused.output
    engine = target.extensions[ENGINE_KEY]
    assert "users" not in inspect(engine).get_table_names()  # the database was not touched


def test_a_failed_folder_after_the_database_still_fails_unfinished_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _live(tmp_path)
    with source.app_context():
        secretariat = db.session().scalars(select(User).where(User.is_secretariat)).one()
        jobs.request_job(JobKind.SCORECARDS, secretariat)
        db.session().commit()
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0

    target = _fresh(tmp_path)

    def broken(name: str, source: Path, folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder))

    monkeypatch.setattr(files, "replace_folder", broken)
    failed = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert failed.exit_code != 0
    assert "could not be filled" in failed.output
    with target.app_context():
        statuses = set(db.session().scalars(select(ReportJob.status)))
        assert JobStatus.QUEUED not in statuses


def test_the_refusal_of_a_database_with_data_says_how_many_tables_hold_rows(
    tmp_path: Path,
) -> None:
    source = _live(tmp_path)
    out = tmp_path / "backup"
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    refused = source.test_cli_runner().invoke(restore_command, [str(out)])
    assert refused.exit_code != 0
    assert " more;" in refused.output  # QA35 S2: not only the first five


def _hold_evidence(app: Flask) -> Path:
    """Hold a bulk-evidence file, chosen but not confirmed; return the held folder."""
    with app.app_context():
        assessment = db.session().scalars(select(Assessment)).first()
        user = db.session().scalars(select(User).where(~User.is_secretariat)).first()
        assert assessment is not None
        assert user is not None
        refused = held_evidence.hold_files(
            assessment, user, [("MS.G1.1 待确认.pdf", io.BytesIO(PDF + b"held"))]
        )
        assert refused == []
        assert held_evidence.held_files(assessment, user)
    return Path(app.config["UPLOAD_DIR"]) / HELD_EVIDENCE


def test_files_held_for_a_bulk_confirmation_are_left_out_of_the_backup(
    tmp_path: Path, urls: tuple[str, str]
) -> None:
    source = _make_app(urls[0], tmp_path / "live-uploads")
    upgrade_database(urls[0])
    _fill(source)
    expected = _contents(source)
    held = _hold_evidence(source)
    target = _make_app(urls[1], tmp_path / "fresh-uploads")
    upgrade_database(urls[1])
    out = tmp_path / "backup"
    _round_trip(source, target, out)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]  # the evidence and the reports are there
    assert not [name for name in manifest["files"] if HELD_EVIDENCE in name]
    assert not (out / files.UPLOADS / HELD_EVIDENCE).exists()
    assert _contents(target) == expected
    assert not (Path(target.config["UPLOAD_DIR"]) / HELD_EVIDENCE).exists()
    assert any(path.is_file() for path in held.rglob("*"))  # the live hold is untouched


def test_a_folder_holding_only_held_files_is_restored_into_without_force(
    tmp_path: Path,
) -> None:
    out = tmp_path / "backup"
    source = _live(tmp_path)
    assert source.test_cli_runner().invoke(backup_command, [str(out)]).exit_code == 0
    target = _fresh(tmp_path)
    upgrade_database(target.config["DATABASE_URL"])
    held = Path(target.config["UPLOAD_DIR"]) / HELD_EVIDENCE / "1-1"
    held.mkdir(parents=True)
    (held / "manifest.json").write_text("[]", encoding="utf-8")
    restored = target.test_cli_runner().invoke(restore_command, [str(out)])
    assert restored.exit_code == 0, restored.output
