"""Alembic environment: runs against the connection or URL rcapp hands over."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alembic import context
from sqlalchemy import Connection

import rcapp.all_models  # noqa: F401 - registers every table on Base.metadata
from rcapp.db import Base, make_engine

# Revisions import the helpers beside this file as `migrations.…` (audit_triggers), from
# whichever directory `rcapp db upgrade` is run.
_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if _PROJECT_ROOT not in sys.path:
    sys.path.insert(0, _PROJECT_ROOT)

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or os.environ.get("RCAPP_DATABASE_URL")
    if not url:
        raise RuntimeError(
            "no database URL: run through `rcapp db upgrade` or set RCAPP_DATABASE_URL"
        )
    return str(url)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
