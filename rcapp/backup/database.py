"""Copy a whole database out and back in: SQLite's backup API, or pg_dump / pg_restore.

Both copies are consistent while the application keeps running: SQLite's backup API copies
one committed state, and pg_dump reads the snapshot in which the row counts were taken.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL

import rcapp.all_models  # noqa: F401 - every table must be known to the counts
from rcapp.backup.manifest import BackupError, Manifest
from rcapp.db import Base

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


def dump(engine: Engine, out_dir: Path) -> Manifest:
    """Copy the database into `out_dir`; return a manifest with its revision and row counts."""
    if engine.dialect.name == "sqlite":
        return _dump_sqlite(engine, out_dir / SQLITE_FILE)
    if engine.dialect.name == "postgresql":
        return _dump_postgres(engine, out_dir / POSTGRES_FILE)
    raise BackupError(f"不支持的数据库 (unsupported database): {engine.dialect.name}")


def restore(engine: Engine, manifest: Manifest, in_dir: Path) -> None:
    """Replace the database behind `engine` with the copy in `in_dir`."""
    if manifest.dialect != engine.dialect.name:
        raise BackupError(
            f"备份来自 {manifest.dialect} 数据库，不能恢复到 {engine.dialect.name} "
            f"(a {manifest.dialect} backup cannot be restored into {engine.dialect.name})."
        )
    engine.dispose()  # no pooled connection may hold the old database open
    if manifest.dialect == "sqlite":
        with (
            closing(sqlite3.connect(in_dir / manifest.database_file)) as source,
            closing(sqlite3.connect(_sqlite_path(engine))) as target,
        ):
            source.backup(target)
    else:
        _restore_postgres(engine, in_dir / manifest.database_file)


def row_counts(conn: Connection) -> dict[str, int]:
    present = set(inspect(conn).get_table_names())
    return {
        table.name: int(conn.execute(text(f'SELECT COUNT(*) FROM "{table.name}"')).scalar_one())  # noqa: S608 - names come from our own metadata
        for table in Base.metadata.sorted_tables
        if table.name in present
    }


def revision(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(found) if found is not None else None


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份 (an in-memory database cannot be backed up).")
    return database


def _dump_sqlite(engine: Engine, target: Path) -> Manifest:
    with (
        closing(sqlite3.connect(_sqlite_path(engine))) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        # The copy is one self-contained file: no -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    from sqlalchemy import create_engine

    copy_engine = create_engine(f"sqlite:///{target}")
    try:
        with copy_engine.connect() as conn:
            return Manifest("sqlite", target.name, revision(conn), row_counts(conn))
    finally:
        copy_engine.dispose()


def _dump_postgres(engine: Engine, target: Path) -> Manifest:
    with engine.connect() as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            manifest = Manifest("postgresql", target.name, revision(conn), row_counts(conn))
            _run(
                engine.url,
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            )
    return manifest


def _restore_postgres(engine: Engine, dump_file: Path) -> None:
    # Start from an empty schema, so tables of a newer schema version cannot linger.
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    _run(
        engine.url,
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        str(dump_file),
    )


def _run(url: URL, program: str, *args: str) -> None:
    """Run a PostgreSQL client program on the database at `url` (password via environment)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"找不到 {program}，请安装 PostgreSQL 客户端 ({program} not found: install the "
            "PostgreSQL client programs, Debian package postgresql-client)."
        )
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    libpq_url = url.set(drivername="postgresql", password=None)
    dbname = libpq_url.render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
        [executable, *args, f"--dbname={dbname}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} 失败 ({program} failed): {result.stderr.strip()}")
