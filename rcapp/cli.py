"""The `rcapp` command: a FlaskGroup over create_app with each domain's commands attached."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from rcapp import create_app


def _app_factory() -> Flask:
    return create_app()


def register_commands(group: click.Group) -> None:
    from rcapp.accounts.cli import users_cli
    from rcapp.backup.cli import backup_command, restore_command
    from rcapp.benchmarks.cli import benchmarks_cli
    from rcapp.dbcli import db_cli
    from rcapp.demo import demo_command
    from rcapp.mail.cli import mail_cli
    from rcapp.organisations.cli import orgs_cli
    from rcapp.organisations.group_cli import groups_cli
    from rcapp.reports.cli import export_cli, import_command
    from rcapp.reports.recompute_cli import results_cli
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
        warm_run_command,  # replaces Flask's own `run`
    ):
        group.add_command(command)


@click.group(cls=FlaskGroup, create_app=_app_factory)
def main() -> None:
    """Responsible Care self-assessment, KPIs and star ratings (责任关怀评价系统)."""


register_commands(main)
