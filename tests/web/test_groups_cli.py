"""`rcapp groups create` and `rcapp groups seed-standard` (QA21 D1)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.organisations.group_cli import groups_cli
from rcapp.organisations.models import WorkingGroup, WorkingGroupKind
from rcapp.organisations.standard_groups import STANDARD_GROUPS


def _codes(session: Session) -> list[str]:
    session.expire_all()
    return sorted(session.scalars(select(WorkingGroup.code)))


def test_seed_standard_creates_the_nine_groups_once(app: Flask, db_session: Session) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(groups_cli, ["seed-standard"])
    assert first.exit_code == 0, first.output
    assert "9 created, 0 already there." in first.output
    second = runner.invoke(groups_cli, ["seed-standard"])
    assert second.exit_code == 0, second.output
    assert "0 created, 9 already there." in second.output
    assert _codes(db_session) == sorted(spec.code for spec in STANDARD_GROUPS)
    kinds = [g.kind for g in db_session.scalars(select(WorkingGroup))]
    assert kinds.count(WorkingGroupKind.CODE) == 6


def test_create_adds_one_group(app: Flask, db_session: Session) -> None:
    args = ["create", "--code", "wg-x", "--kind", "code", "--section", "c1"]
    names = ["--name-zh", "社区工作组", "--name-en", "Community Working Group"]
    result = app.test_cli_runner().invoke(groups_cli, [*args, *names])
    assert result.exit_code == 0, result.output
    group = db_session.scalars(select(WorkingGroup)).one()
    assert (group.code, group.section_id) == ("WG-X", "C1")


def test_create_refuses_bad_input_in_one_line(app: Flask, db_session: Session) -> None:
    runner = app.test_cli_runner()
    names = ["--name-zh", "某工作组", "--name-en", "Some Working Group"]
    ok = runner.invoke(groups_cli, ["create", "--code", "WG-A", "--kind", "publicity", *names])
    assert ok.exit_code == 0, ok.output
    taken = runner.invoke(groups_cli, ["create", "--code", "wg-a", "--kind", "parks", *names])
    assert taken.exit_code == 1
    assert taken.output.startswith("Error: 代码 WG-A 已被工作组“某工作组”使用")
    no_section = runner.invoke(groups_cli, ["create", "--code", "WG-B", "--kind", "code", *names])
    assert no_section.exit_code == 1
    assert "须用 --section 指定负责的准则" in no_section.output
    unknown = ["create", "--code", "WG-C", "--kind", "code", "--section", "C9", *names]
    bad_section = runner.invoke(groups_cli, unknown)
    assert bad_section.exit_code == 1
    assert "--section 应为准则之一" in bad_section.output
    assert "Traceback" not in taken.output + no_section.output + bad_section.output
    assert _codes(db_session) == ["WG-A"]
