"""`rcapp backup OUT` and `rcapp restore IN [--force]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from rcapp.backup import revisions
from rcapp.backup.files import REPORTS, UPLOADS
from rcapp.backup.manifest import BackupError
from rcapp.backup.operations import make_backup, restore_backup
from rcapp.db import ENGINE_KEY


@click.command("backup")
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Back up the database and stored files to OUT (a directory, or a .tar.gz file)."""
    try:
        manifest = make_backup(current_app.extensions[ENGINE_KEY], _folders(), out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    uploads = sum(1 for name in manifest.files if name.startswith(f"{UPLOADS}/"))
    reports = sum(1 for name in manifest.files if name.startswith(f"{REPORTS}/"))
    click.echo(
        f"Backup written to {out}: {manifest.dialect} database at revision {manifest.revision}, "
        f"{sum(manifest.counts.values())} rows, "
        f"{uploads} stored files in UPLOAD_DIR (evidence and held imports), "
        f"{reports} in REPORTS_DIR."
    )


@click.command("restore")
@click.argument("source", metavar="IN", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database or file folders with data.")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """Restore the backup IN into an empty database and empty file folders."""
    try:
        restored = restore_backup(
            current_app.extensions[ENGINE_KEY], _folders(), source, force=force
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Restored {sum(restored.counts.values())} rows (revision {restored.manifest.revision})."
    )
    if restored.failed_jobs:
        click.echo(
            f"{restored.failed_jobs} 个报表任务在备份时尚未完成，已标记为失败，可重试 "
            f"({restored.failed_jobs} report jobs were not finished when the backup was made: "
            "marked failed, to be retried)."
        )
    if restored.manifest.revision != revisions.head():
        click.echo(
            f"备份的数据库版本较旧，请运行 rcapp db upgrade (the backup's schema is older than "
            f"this rcapp's {revisions.head()}: run `rcapp db upgrade`)."
        )


def _folders() -> dict[str, Path]:
    """Every folder the app stores files in, by its name in the backup."""
    config = current_app.config
    return {UPLOADS: Path(config["UPLOAD_DIR"]), REPORTS: Path(config["REPORTS_DIR"])}
