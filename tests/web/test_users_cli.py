"""`rcapp users create`: accounts from the command line."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.cli import users_cli
from rcapp.accounts.models import OrgRole, User
from rcapp.audit.models import AuditEntry
from tests.factories import make_organisation


def _user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def test_create_without_password_prints_an_invitation_link(app: Flask, db_session: Session) -> None:
    organisation = make_organisation()
    db_session.commit()
    result = app.test_cli_runner().invoke(
        users_cli,
        ["create", "hse@example.cn", "--name", "张工", "--org", organisation.credit_code.lower(),
         "--role", "admin"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/invite/" in result.output
    user = _user(db_session, "hse@example.cn")
    assert [(m.organisation_id, m.role) for m in user.memberships] == [
        (organisation.id, OrgRole.ADMIN)
    ]
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.entity_id == user.id)).first()
    assert entry is not None
    assert entry.actor_id is None


def test_create_secretariat_with_password(app: Flask, db_session: Session) -> None:
    result = app.test_cli_runner().invoke(
        users_cli,
        ["create", "sec@example.cn", "--name", "秘书处", "--secretariat",
         "--password", "a first password"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "/invite/" not in result.output
    user = _user(db_session, "sec@example.cn")
    assert user.is_secretariat
    assert user.must_change_password


def test_unknown_organisation_and_taken_email_fail_with_a_message(
    app: Flask, db_session: Session
) -> None:
    runner = app.test_cli_runner()
    unknown = runner.invoke(users_cli, ["create", "a@example.cn", "--name", "A", "--org", "X"])
    assert unknown.exit_code != 0
    assert "没有统一社会信用代码为 X 的单位" in unknown.output
    runner.invoke(users_cli, ["create", "b@example.cn", "--name", "B", "--secretariat"])
    taken = runner.invoke(users_cli, ["create", "B@example.cn", "--name", "B", "--secretariat"])
    assert taken.exit_code != 0
    assert "已有账号" in taken.output


def test_a_short_password_is_refused(app: Flask, db_session: Session) -> None:
    result = app.test_cli_runner().invoke(
        users_cli, ["create", "c@example.cn", "--name", "C", "--secretariat", "--password", "short"]
    )
    assert result.exit_code != 0
    assert db_session.scalars(select(User).where(User.email == "c@example.cn")).first() is None


def test_the_groups_are_exported_under_the_names_rcapp_cli_attaches() -> None:
    # rcapp/cli.py attaches `rcapp.accounts.cli.users_cli` and `rcapp.organisations.cli.orgs_cli`.
    from rcapp.organisations.cli import orgs_cli

    assert (users_cli.name, orgs_cli.name) == ("users", "orgs")
