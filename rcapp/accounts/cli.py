"""`rcapp users ...`: create accounts from the command line (first secretariat user, bulk setup)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from rcapp import db
from rcapp.accounts import services
from rcapp.accounts.credentials import WeakPassword
from rcapp.accounts.models import OrgRole
from rcapp.accounts.password_rules import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordProblem
from rcapp.links import external_url
from rcapp.organisations.credit_code import normalise_credit_code
from rcapp.organisations.services import find_by_credit_code

# The CLI has no language setting, so it says both.
PASSWORD_RULES = {
    PasswordProblem.TOO_SHORT: f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符 "
    f"(the password needs at least {MIN_PASSWORD_LENGTH} characters).",
    PasswordProblem.TOO_LONG: f"密码不能超过 {MAX_PASSWORD_LENGTH} 个字符 "
    f"(the password may have at most {MAX_PASSWORD_LENGTH} characters).",
    PasswordProblem.REPETITIVE: "密码中不同的字符太少 (too few different characters).",
    PasswordProblem.COMMON: "这个密码太常见 (this password is too common).",
    PasswordProblem.SEQUENCE: "密码几乎全由连续的字符组成 (mostly a run such as 0123456789).",
    PasswordProblem.PERSONAL: "密码不能包含电子邮箱或单位名称（含英文名称） "
    "(the password may not contain the e-mail address or the organisation's Chinese or"
    " English name).",
}


@click.group("users")
def users_cli() -> None:
    """Manage user accounts."""


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown on pages.")
@click.option("--password", help="First password (changed at first login); else an invitation.")
@click.option("--secretariat", is_flag=True, help="Secretariat staff: manages everything.")
@click.option("--org", "credit_code", help="Credit code of the user's organisation.")
@click.option("--role", type=click.Choice([r.value for r in OrgRole]), default=OrgRole.MEMBER.value)
@with_appcontext
def create_command(
    email: str,
    name: str,
    password: str | None,
    secretariat: bool,
    credit_code: str | None,
    role: str,
) -> None:
    """Create the account EMAIL; print an invitation link when no password is given."""
    organisation_id = _organisation_id(credit_code) if credit_code else None
    try:
        account = services.create_account(
            email,
            name,
            None,
            password=password,
            is_secretariat=secretariat,
            organisation_id=organisation_id,
            role=OrgRole(role),
        )
    except WeakPassword as exc:
        raise click.ClickException(PASSWORD_RULES[exc.problem]) from exc
    except services.DuplicateEmail as exc:
        raise click.ClickException(f"电子邮箱 {exc} 已有账号 (e-mail already in use).") from exc
    except services.InvalidEmail as exc:
        raise click.ClickException(
            f"电子邮箱 {exc} 格式不正确，例如 zhang@example.cn (not an address mail can go to)."
        ) from exc
    db.session().commit()
    click.echo(f"User {account.user.id} created: {account.user.email}")
    if account.invitation_token is not None:
        click.echo(f"Invitation link (valid {services.INVITATION_DAYS} days, shown once):")
        click.echo(invitation_url(account.invitation_token))


def _organisation_id(credit_code: str) -> int:
    organisation = find_by_credit_code(normalise_credit_code(credit_code))
    if organisation is None:
        raise click.ClickException(
            f"没有统一社会信用代码为 {credit_code} 的单位 (no organisation with this code)."
        )
    return organisation.id


def invitation_url(token: str) -> str:
    """Build the absolute invitation link outside a request, from the BASE_URL setting."""
    return external_url("accounts.accept_invitation", token=token)
