"""`rcapp backup OUT` and `rcapp restore IN [--force]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from rcapp.backup.manifest import BackupError
from rcapp.backup.operations import make_backup, restore_backup
from rcapp.db import ENGINE_KEY


@click.command("backup")
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Back up the database and evidence files to OUT (a directory, or a .tar.gz file)."""
    try:
        manifest = make_backup(current_app.extensions[ENGINE_KEY], _upload_dir(), out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    files = sum(1 for name in manifest.files if name.startswith("uploads/"))
    click.echo(
        f"Backup written to {out}: {manifest.dialect} database at revision {manifest.revision}, "
        f"{sum(manifest.counts.values())} rows, {files} evidence files."
    )


@click.command("restore")
@click.argument("source", metavar="IN", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database or evidence folder with data.")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """Restore the backup IN into an empty database and evidence folder."""
    try:
        restored = restore_backup(
            current_app.extensions[ENGINE_KEY], _upload_dir(), source, force=force
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Restored {sum(restored.counts.values())} rows (revision "
        f"{restored.manifest.revision}). Run `rcapp db upgrade` if this version of rcapp is newer."
    )


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])
