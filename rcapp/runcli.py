"""`rcapp run`: Flask's development server, with the app warmed up before it serves."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import ScriptInfo, pass_script_info, run_command
from flask.helpers import get_debug_flag
from werkzeug.serving import is_running_from_reloader

from rcapp.settings_check import served_base_url, start_warnings
from rcapp.warmup import warm_up

_HELP = (
    f"{run_command.help}\n\n"
    "The app is warmed up first (rcapp/warmup.py): rubrics, templates, catalogues; settings "
    "that contradict each other are warned about (rcapp/settings_check.py, `rcapp check`). "
    "Without RCAPP_BASE_URL, links in e-mails point at the host and port served here."
)


@click.command("run", params=list(run_command.params), help=_HELP)
@pass_script_info
@click.pass_context
def warm_run_command(ctx: click.Context, info: ScriptInfo, /, **options: Any) -> None:
    # With the reloader, the first process only watches the files and starts the one that
    # serves (WERKZEUG_RUN_MAIN): only that one is warmed up.
    reload = options.get("reload")
    reloading = get_debug_flag() if reload is None else reload
    if not reloading or is_running_from_reloader():
        app = info.load_app()
        for warning in start_warnings(app.config):
            click.secho(f"Warning: {warning}", fg="yellow", err=True)
        if not app.config.get("BASE_URL"):
            # Links in e-mails sent from here open this server, not the default :5000 (qa55 #5).
            https = options.get("cert") is not None
            app.config["BASE_URL"] = served_base_url(options["host"], options["port"], https)
            click.echo(
                f"Links in e-mails: {app.config['BASE_URL']} (RCAPP_BASE_URL unset)", err=True
            )
        click.echo(warm_up(app).summary(), err=True)
    ctx.invoke(run_command, **options)
