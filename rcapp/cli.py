"""The `rcapp` command: a FlaskGroup over create_app with each domain's commands attached.

The commands are attached when one is looked up, after the group's own options are read: so
`rcapp -e /etc/rcapp/rcapp.env worker` has the file's settings in the environment before
rcapp.queue (imported by the commands) reads RCAPP_QUEUE_URL and RCAPP_DATABASE_URL.
No `.env` or `.flaskenv` is read from the working directory (load_dotenv=False): only the
file named with `-e` (docs/deployment.md, section 3).
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup


def _app_factory() -> Flask:
    from rcapp import create_app

    return create_app()


def register_commands(group: click.Group) -> None:
    from rcapp.accounts.cli import users_cli
    from rcapp.backup.cli import backup_command, restore_command
    from rcapp.benchmarks.cli import benchmarks_cli
    from rcapp.checkcli import check_command
    from rcapp.dbcli import db_cli
    from rcapp.demo import demo_command
    from rcapp.mail.cli import mail_cli
    from rcapp.organisations.cli import orgs_cli
    from rcapp.organisations.group_cli import groups_cli
    from rcapp.reports.cli import export_cli, import_command
    from rcapp.reports.recompute_cli import results_cli
    from rcapp.reviews.cli import reviews_cli
    from rcapp.rubrics.cli import rubrics_cli
    from rcapp.runcli import warm_run_command
    from rcapp.scorecards.cli import score_command
    from rcapp.workercli import worker_command

    for command in (
        db_cli,
        rubrics_cli,
        score_command,
        users_cli,
        orgs_cli,
        groups_cli,
        demo_command,
        mail_cli,
        worker_command,
        backup_command,
        restore_command,
        export_cli,
        import_command,
        benchmarks_cli,
        results_cli,
        reviews_cli,
        check_command,
        warm_run_command,  # replaces Flask's own `run`
    ):
        group.add_command(command)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from rcapp.versions import version_text

    click.echo(version_text())
    ctx.exit()


def _stop_on_queue_url(name: str) -> None:
    """Stop with one line when RCAPP_QUEUE_URL is malformed (QA43 D5); `check` reports it.

    Chinese, then English: the command's --lang, if it has one, is not parsed yet.
    """
    from rcapp import queue
    from rcapp.queue_words import queue_url_both

    if queue.url_problem and name != "check":
        raise click.ClickException(
            f"{queue_url_both(queue.url_problem)} (`rcapp check` lists the settings.)"
        )


class RcappGroup(FlaskGroup):
    """FlaskGroup whose own commands are attached on first look-up (module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(add_version_option=False, load_dotenv=False, **kwargs)
        self.params.append(
            click.Option(
                ["--version"],
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_print_version,
                help="Show rcapp's version, with Python's, Flask's and the database drivers'.",
            )
        )
        self._attached = False

    def _attach(self) -> None:
        if not self._attached:
            self._attached = True
            register_commands(self)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._attach()
        found = super().get_command(ctx, name)
        _stop_on_queue_url(name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._attach()
        return super().list_commands(ctx)


@click.group(cls=RcappGroup, create_app=_app_factory)
def main() -> None:
    """Responsible Care self-assessment, KPIs and star ratings (责任关怀评价系统)."""
