"""`rcapp orgs import FILE [--dry-run]`: the same check and write as the import page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.organisations import cli, import_confirm
from rcapp.organisations.cli import orgs_cli
from rcapp.organisations.import_check import ImportPlan, plan_file
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.factories import credit_code, make_assessment, make_cycle, make_organisation
from tests.org_import_files import company, filled


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def test_dry_run_writes_nothing_then_import_writes(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(filled([company(name_zh="命令行导入化工", credit_code=credit_code())]))
    before = _count(db_session)
    runner = app.test_cli_runner()
    dry = runner.invoke(orgs_cli, ["import", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (
        "试运行：将新增 1 个单位，修改 0 个单位，0 行与系统中一致；没有写入任何内容。" in dry.output
    )
    assert _count(db_session) == before
    done = runner.invoke(orgs_cli, ["import", str(path)])
    assert done.exit_code == 0, done.output
    assert "已导入：新增 1 个单位，修改 0 个单位，0 行与系统中一致。" in done.output
    assert _count(db_session) == before + 1
    again = runner.invoke(orgs_cli, ["import", str(path), "--lang", "en"])  # QA43 S9
    assert again.exit_code == 0, again.output
    assert "Imported: 0 created, 0 updated, 1 unchanged." in again.output
    assert _count(db_session) == before + 1


def test_problems_are_listed_with_row_and_column_and_nothing_is_written(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(filled([company(name_zh="坏行化工", credit_code="123")]))
    before = _count(db_session)
    result = app.test_cli_runner().invoke(orgs_cli, ["import", str(path)])
    assert result.exit_code != 0
    assert "第 2 行“统一社会信用代码”：统一社会信用代码应为 18 位" in result.output
    assert "Error: 1 个问题，没有写入任何内容。" in result.output  # the chosen language (QA43 S8)
    assert _count(db_session) == before
    english = app.test_cli_runner().invoke(orgs_cli, ["import", str(path), "--lang", "en"])
    assert "Error: 1 problem; nothing written." in english.output  # one problem: singular


def test_create_words_a_duplicate_name_instead_of_a_traceback(
    app: Flask, db_session: Session
) -> None:
    make_organisation(name_zh="重名化工有限公司")
    db_session.commit()
    args = ["create", "--kind", "company", "--name-zh", "重名化工有限公司", "--credit-code",
            credit_code(), "--province", "江苏省", "--city", "南京市"]  # fmt: skip
    result = app.test_cli_runner().invoke(orgs_cli, args)
    assert result.exit_code == 1
    assert "中文名称“重名化工有限公司”已被单位" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "东海精细化工股份有限公司（{code}）：该单位已有自评（1 份），不能改为化工园区；"
               "如登记有误，请联系系统管理员处理。本次导入未写入任何内容。"),
        ("en", "Donghai Fine Chemicals ({code}): This organisation already has self-assessments"
               " (1), so it cannot become a chemical park; if it was registered with the wrong"
               " type, ask the system administrator to correct it. Nothing written."),
    ],
    ids=["zh", "en"],
)  # fmt: skip
def test_a_kind_change_refused_at_the_write_is_one_line_not_a_traceback(
    app: Flask,
    db_session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    expected: str,
) -> None:
    """An assessment started between the check and the write: the form's words, exit 1."""
    organisation = make_organisation(
        name_zh="东海精细化工股份有限公司", name_en="Donghai Fine Chemicals"
    )
    db_session.commit()
    path = tmp_path / "kind.xlsx"
    path.write_bytes(filled([{"credit_code": organisation.credit_code, "kind": "化工园区"}]))

    def checked_then_assessed(data: bytes) -> ImportPlan:
        plan = plan_file(data)
        make_assessment(organisation, make_cycle(year=2025))
        return plan

    monkeypatch.setattr(import_confirm, "plan_file", checked_then_assessed)  # the re-check
    result = app.test_cli_runner().invoke(orgs_cli, ["import", str(path), "--lang", lang])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]  # after the planned change
    assert last == "Error: " + expected.format(code=organisation.credit_code)
    db_session.expire_all()
    assert organisation.kind is OrganisationKind.COMPANY


def test_the_cli_checks_then_writes_by_the_webs_path_without_the_write_lock(
    app: Flask, db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One path for both: the check reads without SQLite's write lock, the write re-checks."""
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(filled([company(name_zh="同路化工", credit_code=credit_code())]))
    checks: list[tuple[str, bool]] = []

    def spy(where: str) -> Any:
        def checked(data: bytes) -> ImportPlan:
            checks.append((where, db._reads_only()))
            return plan_file(data)

        return checked

    monkeypatch.setattr(cli, "plan_file", spy("cli"))
    monkeypatch.setattr(import_confirm, "plan_file", spy("write"))
    before = _count(db_session)
    done = app.test_cli_runner().invoke(orgs_cli, ["import", str(path)])
    assert done.exit_code == 0, done.output
    assert "已导入：新增 1 个单位" in done.output
    assert checks == [("cli", True), ("write", True)]  # both read-only: BEGIN, not IMMEDIATE
    assert _count(db_session) == before + 1


def test_a_colleagues_edit_between_the_cli_check_and_the_write_writes_nothing(
    app: Flask,
    db_session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI wrote its stale plan and died with StaleDataError's traceback."""
    edited = make_organisation(name_zh="命令行被改化工", city="南京市")
    db_session.commit()
    path = tmp_path / "edit.xlsx"
    path.write_bytes(
        filled(
            [
                {"credit_code": edited.credit_code, "city": "苏州市"},
                company(name_zh="命令行新化工", credit_code=credit_code()),
            ]
        )
    )

    def checked_then_edited(data: bytes) -> ImportPlan:
        plan = plan_file(data)
        statement = (
            update(Organisation)
            .where(Organisation.id == edited.id)
            .values(city="无锡市", version=Organisation.version + 1)
            .execution_options(synchronize_session=False)
        )
        db.session().connection().execute(statement)
        db.session().commit()
        return plan

    monkeypatch.setattr(cli, "plan_file", checked_then_edited)
    before = _count(db_session)
    result = app.test_cli_runner().invoke(orgs_cli, ["import", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "the register changed while importing" in result.output
    assert "nothing written" in result.output
    assert _count(db_session) == before
    db_session.expire_all()
    assert db_session.get(Organisation, edited.id).city == "无锡市"  # type: ignore[union-attr]
