"""`rcapp orgs create`: register organisations from the command line."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.organisations.cli import orgs_cli
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.factories import credit_code, make_park


def _args(code: str, *extra: str) -> list[str]:
    return [
        "create", "--kind", "company", "--name-zh", "命令行化工有限公司", "--credit-code", code,
        "--province", "江苏省", "--city", "南京市", *extra,
    ]  # fmt: skip


def test_create_registers_the_organisation(app: Flask, db_session: Session) -> None:
    park = make_park()
    db_session.commit()
    code = credit_code()
    result = app.test_cli_runner().invoke(orgs_cli, _args(code, "--park", park.credit_code))
    assert result.exit_code == 0, result.output
    organisation = db_session.scalars(
        select(Organisation).where(Organisation.credit_code == code)
    ).one()
    assert organisation.kind is OrganisationKind.COMPANY
    assert organisation.park_id == park.id


def test_a_wrong_check_character_is_explained(app: Flask, db_session: Session) -> None:
    code = credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    result = app.test_cli_runner().invoke(orgs_cli, _args(wrong))
    assert result.exit_code != 0
    assert f"第 18 位应为“{code[17]}”" in result.output


def test_a_duplicate_code_and_an_unknown_province_fail(app: Flask, db_session: Session) -> None:
    runner = app.test_cli_runner()
    code = credit_code()
    assert runner.invoke(orgs_cli, _args(code)).exit_code == 0
    duplicate = runner.invoke(orgs_cli, _args(code))
    assert duplicate.exit_code != 0
    assert "已被“命令行化工有限公司”使用" in duplicate.output
    bad = _args(credit_code())
    bad[bad.index("江苏省")] = "江苏"
    province = runner.invoke(orgs_cli, bad)
    assert province.exit_code != 0
    assert "省份“江苏”无效" in province.output


def test_a_duplicate_name_is_one_error_line(app: Flask, db_session: Session) -> None:
    """QA21 S7: a taken Chinese name ended in a traceback (DuplicateName)."""
    runner = app.test_cli_runner()
    first = credit_code()
    assert runner.invoke(orgs_cli, _args(first)).exit_code == 0
    duplicate = runner.invoke(orgs_cli, _args(credit_code()))
    assert duplicate.exit_code == 1
    assert duplicate.exception is None or isinstance(duplicate.exception, SystemExit)
    assert duplicate.output.startswith("Error: 中文名称“命令行化工有限公司”已被单位")
    assert f"统一社会信用代码 {first}" in duplicate.output
    assert len(db_session.scalars(select(Organisation)).all()) == 1
