"""`rcapp worker`: run the background task consumer beside the web app."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from rcapp import db, queue
from rcapp.reports.jobs import fail_lost_jobs
from rcapp.settings_check import worker_refusal, worker_warnings


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run the task queue consumer (reports, mail, batch jobs) until interrupted."""
    refusal = worker_refusal(current_app.config)
    if refusal is not None:
        raise click.ClickException(refusal)
    for warning in worker_warnings(current_app.config):
        click.secho(f"Warning: {warning}", fg="yellow", err=True)
    click.echo(
        f"Task worker: {workers} threads on the queue {queue.location(queue.huey)}; "
        "Ctrl+C stops it."
    )
    lost = fail_lost_jobs()  # those of a worker that died here (killed): interrupted now
    db.session().commit()
    if lost:
        click.echo(f"Marked interrupted: {lost} job(s) of a worker that had stopped.")
    try:
        queue.run_worker(workers)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
