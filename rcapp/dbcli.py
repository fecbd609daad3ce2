"""`rcapp db ...`: schema migrations through Alembic."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from rcapp.config import PROJECT_ROOT
from rcapp.db import ENGINE_KEY


def alembic_config(url: str) -> Config:
    cfg = Config(str(Path(PROJECT_ROOT) / "alembic.ini"))
    cfg.set_main_option("script_location", str(Path(PROJECT_ROOT) / "migrations"))
    cfg.attributes["url"] = url
    return cfg


def upgrade_database(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revisions() -> tuple[str, ...]:
    """Return the head revision(s) of this rcapp's migrations (one, unless a branch is open)."""
    return tuple(ScriptDirectory.from_config(alembic_config("")).get_heads())


def missing_sqlite_file(url: str) -> Path | None:
    """Return a SQLite database's file when it does not exist (connecting would create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """Return the revision(s) the database is at; empty when it was never migrated."""
    with engine.connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


def revision_state(current: tuple[str, ...], heads: tuple[str, ...]) -> str:
    """Return where the database stands: "none", "head", "unknown" (newer) or "behind"."""
    if not current:
        return "none"
    if set(current) == set(heads):
        return "head"
    if set(current) - set(_known_revisions()):
        return "unknown"
    return "behind"


def revision_words(current: tuple[str, ...], heads: tuple[str, ...]) -> tuple[str, bool]:
    """Say where the database stands against the migrations; True when it is at head."""
    shown_heads = ", ".join(heads)
    state = revision_state(current, heads)
    if state == "none":
        return (
            f"Database not migrated (no revision); head is {shown_heads}: run `rcapp db upgrade`.",
            False,
        )
    shown = ", ".join(current)
    if state == "head":
        return f"Database at {shown} (head).", True
    if state == "unknown":
        return (
            f"Database at {shown}, unknown to this rcapp (made by a newer version?); "
            f"this rcapp's head is {shown_heads}.",
            False,
        )
    return f"Database at {shown}, behind head {shown_heads}: run `rcapp db upgrade`.", False


def _known_revisions() -> set[str]:
    scripts = ScriptDirectory.from_config(alembic_config(""))
    return {script.revision for script in scripts.walk_revisions()}


@click.group("db")
def db_cli() -> None:
    """Database schema commands."""


@db_cli.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Migrate the database schema up to REVISION (default: head)."""
    upgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("current")
@with_appcontext
def current() -> None:
    """Show the database's schema revision and whether it is at head (exit 1 if not)."""
    missing = missing_sqlite_file(current_app.config["DATABASE_URL"])
    if missing:  # connecting would create an empty file (QA43 S9)
        click.echo(f"Database file {missing} does not exist: run `rcapp db upgrade`.")
        raise SystemExit(1)
    words, at_head = revision_words(
        current_revisions(current_app.extensions[ENGINE_KEY]), head_revisions()
    )
    click.echo(words)
    if not at_head:
        raise SystemExit(1)


@db_cli.command("heads")
def heads() -> None:
    """Show the head revision of this rcapp's migrations (what `rcapp db upgrade` reaches)."""
    for revision in head_revisions():
        click.echo(revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def revision(message: str) -> None:
    """Autogenerate a migration from the models (developers only)."""
    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
    )
