"""`rcapp export …` and `rcapp import`: files written, clear errors and exit status 1."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.reports.cli import export_cli, import_command
from tests.factories import (
    answer_of,
    fill_complete,
    make_organisation,
    make_world,
    start,
    submitted_assessment,
)
from tests.pdf_tools import needs_poppler, pdf_text
from tests.web.reports.test_import_words import _kpi_typed


def _set_level(path: Path, level: object) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["MS 管理体系"]
    row = next(c.row for c in sheet["A"] if c.value == "MS.G1.1")
    sheet[f"E{row}"] = level
    book.save(path)


@needs_poppler
def test_export_scorecard_writes_a_chinese_pdf(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    db_session.commit()
    out = tmp_path / "card.pdf"
    args = ["scorecard", world.org_a.credit_code, "--cycle", "2025", "--out", str(out)]
    result = app.test_cli_runner().invoke(export_cli, args)
    assert result.exit_code == 0, result.output
    assert world.org_a.name_zh in pdf_text(out.read_bytes())


def test_bad_arguments_exit_1_with_a_clear_message(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    start(world)
    db_session.commit()
    runner = app.test_cli_runner()
    code = world.org_a.credit_code
    cases = [
        (
            ["scorecard", "没有这家", "--cycle", "2025", "--out", str(tmp_path / "x.pdf")],
            "找不到单位",
        ),
        (["scorecard", code, "--cycle", "1999", "--out", str(tmp_path / "x.pdf")], "1999"),
        (["scorecard", code, "--cycle", "2025", "--out", str(tmp_path)], "是目录"),
        (["scorecard", world.org_b.credit_code, "--cycle", "2025", "--out", "x.pdf"], "没有自评"),
        (["template", code, "--cycle", "2025", "--out", str(tmp_path / "no" / "t.xlsx")], "不存在"),
        (["annual", "--cycle", "2031", "--out", str(tmp_path)], "2031"),
        (["annual", "--cycle", "99999999999", "--out", str(tmp_path)], "99999999999"),
        (["scorecard", "99999999999999", "--cycle", "2025", "--out", "x.pdf"], "找不到单位"),
    ]
    for args, message in cases:
        result = runner.invoke(export_cli, args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(tmp_path.iterdir()) == []


def test_template_round_trip_on_the_command_line(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "t.xlsx"
    args = ["template", world.org_a.credit_code, "--cycle", "2025", "--out", str(path)]
    assert runner.invoke(export_cli, args).exit_code == 0
    _set_level(path, 9)
    wrong = runner.invoke(import_command, [str(path), "--user", world.user_a.email])
    assert wrong.exit_code == 1
    assert "第 4 行，E 列（等级 / 数值）：MS.G1.1：请选择 0–4 之间的等级。" in wrong.output
    _set_level(path, 3)
    dry = runner.invoke(import_command, [str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "MS.G1.1" in dry.output
    assert answer_of(assessment, "MS.G1.1") == (None, None)
    assert runner.invoke(import_command, [str(path)]).exit_code == 1  # no --user
    done = runner.invoke(import_command, [str(path), "--user", world.user_a.email])
    assert done.exit_code == 0, done.output
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)


def test_the_import_preview_names_a_kpi_row_by_its_label_in_the_chosen_language(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    start(world)
    db_session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "t.xlsx"
    args = ["template", world.org_a.credit_code, "--cycle", "2025", "--out", str(path)]
    assert runner.invoke(export_cli, args).exit_code == 0
    path.write_bytes(_kpi_typed(path.read_bytes(), "OHS-03-2", 1_200_000))

    zh = runner.invoke(import_command, [str(path), "--dry-run"])
    en = runner.invoke(import_command, [str(path), "--dry-run", "--lang", "en"])

    assert zh.exit_code == 0, zh.output
    assert " 员工工时 数值: — → 1200000" in zh.output
    assert " Employee hours worked Value: — → 1200000" in en.output
    assert "hours_employees" not in zh.output + en.output  # a rubric key no user knows


def test_import_stops_on_conflicts_until_told(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "t.xlsx"
    args = ["template", world.org_a.credit_code, "--cycle", "2025", "--out", str(path)]
    assert runner.invoke(export_cli, args).exit_code == 0
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="1")}, world.user_a)
    db_session.commit()
    _set_level(path, 4)
    user = ["--user", world.user_a.email]
    asked = runner.invoke(import_command, [str(path), *user])
    assert asked.exit_code == 1
    assert "CONFLICT" in asked.output
    assert answer_of(assessment, "MS.G1.1") == (1, None)
    taken = runner.invoke(import_command, [str(path), *user, "--conflicts", "take-file"])
    assert taken.exit_code == 0, taken.output
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (4, None)


def test_export_annual_writes_the_report_and_the_workbook(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    submitted_assessment(world)
    db_session.commit()
    result = app.test_cli_runner().invoke(
        export_cli, ["annual", "--cycle", "2025", "--out", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["annual-2025-en.xlsx", "annual-report-2025-en.pdf"]
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "annual-2025-en.xlsx").read_bytes()))
    assert book.sheetnames[0] == "Organisation scores"


def test_a_blank_template_tied_to_no_assessment_is_exported_and_imported_by_name(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    db_session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "blank.xlsx"
    code = world.org_a.credit_code
    refused = runner.invoke(export_cli, ["template", code, "--out", str(path)])
    assert refused.exit_code == 1
    assert "--blank" in refused.output
    made = runner.invoke(export_cli, ["template", code, "--blank", "--out", str(path)])
    assert made.exit_code == 0, made.output
    _set_level(path, 3)
    assessment = start(world)
    db_session.commit()
    user = ["--user", world.user_a.email]
    unnamed = runner.invoke(import_command, [str(path), *user])
    assert unnamed.exit_code == 1
    assert "--assessment ID" in unnamed.output
    theirs = start(world, world.org_b)
    db_session.commit()
    other = runner.invoke(import_command, [str(path), *user, "--assessment", str(theirs.id)])
    assert other.exit_code == 1
    assert "另一家单位" in other.output
    done = runner.invoke(import_command, [str(path), *user, "--assessment", str(assessment.id)])
    assert done.exit_code == 0, done.output
    db_session.expire_all()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    assert answer_of(theirs, "MS.G1.1") == (None, None)


def test_a_name_two_organisations_share_is_refused_with_both_listed(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    world = make_world()
    start(world)
    twin = make_organisation(name_zh=world.org_a.name_zh)
    db_session.commit()
    runner = app.test_cli_runner()
    out = tmp_path / "card.pdf"
    by_name = ["scorecard", world.org_a.name_zh, "--cycle", "2025", "--out", str(out)]
    refused = runner.invoke(export_cli, by_name)
    assert refused.exit_code == 1, refused.output
    assert "有 2 家单位名为" in refused.output
    assert world.org_a.credit_code in refused.output
    assert twin.credit_code in refused.output
    assert not out.exists()
    by_id = ["scorecard", str(world.org_a.id), "--cycle", "2025", "--out", str(out)]
    assert runner.invoke(export_cli, by_id).exit_code == 0
