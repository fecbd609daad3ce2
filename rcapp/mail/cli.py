"""`rcapp mail debug-server` (a local SMTP sink) and `rcapp mail deliver` (send the outbox now)."""

from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from rcapp.mail.debug_server import LOCALHOST, DebugSmtpServer, Received
from rcapp.mail.delivery import DEFAULTS, deliver_pending


@click.group("mail")
def mail_cli() -> None:
    """E-mail: the outbox and a local debugging SMTP server."""


@mail_cli.command("debug-server")
@click.option("--port", type=int, default=None, help="default: RCAPP_MAIL_PORT or 8025")
@with_appcontext
def debug_server_command(port: int | None) -> None:
    """Accept mail on 127.0.0.1 and print it; nothing is relayed. Stop with Ctrl-C."""
    chosen = port or int(current_app.config.get("MAIL_PORT", DEFAULTS["MAIL_PORT"]))

    def show(received: Received) -> None:
        click.echo(f"--- to {', '.join(received.recipients)}: {received.subject}")
        click.echo(received.body)

    server = DebugSmtpServer(LOCALHOST, chosen, on_message=show).start()
    click.echo(f"Debugging SMTP server on {LOCALHOST}:{server.port} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@mail_cli.command("deliver")
@with_appcontext
def deliver_command() -> None:
    """Send the pending outbox messages now, in this process."""
    sent, failed = deliver_pending(current_app.config)
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)
