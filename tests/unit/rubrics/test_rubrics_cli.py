"""`rcapp rubrics check | list | schema`, driven through click's CliRunner on the group."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.cli import ScriptInfo

from rcapp.rubrics.cli import rubrics_cli
from rcapp.rubrics.schema import render_schema

DATA = Path(__file__).resolve().parents[2] / "data" / "rubrics"
MINI = DATA / "mini-company" / "v1.yaml"
INVALID = DATA / "invalid"


def run(*args: str, obj: object = None) -> Result:
    return CliRunner().invoke(rubrics_cli, list(args), obj=obj)


@pytest.fixture
def rubrics_dir(tmp_path: Path) -> Path:
    (tmp_path / "mini-company").mkdir()
    shutil.copy(MINI, tmp_path / "mini-company" / "v1.yaml")
    return tmp_path


def app_with(rubrics_dir: Path) -> Flask:
    app = Flask("rubrics-cli-test")
    app.config["RUBRICS_DIR"] = str(rubrics_dir)
    return app


@pytest.fixture
def app_context(rubrics_dir: Path) -> Iterator[None]:
    with app_with(rubrics_dir).app_context():
        yield


def test_check_valid_file_exits_0() -> None:
    result = run("check", str(MINI))

    assert result.exit_code == 0
    assert result.stdout == "1 rubric file(s) OK\n"


def test_check_broken_files_prints_one_line_per_problem_and_exits_1() -> None:
    missing = INVALID / "missing-title.yaml"
    weights = INVALID / "weights-not-one.yaml"

    result = run("check", str(MINI), str(missing), str(weights))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{missing}:2: title: required key is missing",
        f"{weights}:67: rating.components: component weights add up to 0.90; they must add up to 1",
    ]
    assert result.stderr == "2 problem(s) in 2 file(s)\n"


def test_check_directory_recurses_and_skips_drafts_invalid_and_crosswalks(tmp_path: Path) -> None:
    shutil.copytree(DATA / "mini-company", tmp_path / "mini-company")
    for skipped in ("_drafts", "invalid", "crosswalks", ".git"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "bad.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (tmp_path / "mini-company" / "_part.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (tmp_path / "mini-company" / "notes.txt").write_text("notes\n", encoding="utf-8")

    result = run("check", str(tmp_path))

    assert result.exit_code == 0, result.output
    assert result.stdout == "1 rubric file(s) OK\n"


def test_invalid_data_is_checked_when_named_explicitly() -> None:
    result = run("check", str(INVALID))

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(list(INVALID.glob("*.yaml")))
    assert all(line.startswith(str(INVALID)) for line in lines)


def test_check_the_test_data_directory_passes() -> None:
    result = run("check", str(DATA))

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("rubric file(s) OK\n")


def test_check_without_paths_uses_rubrics_dir_of_the_app(app_context: None) -> None:
    result = run("check")

    assert result.exit_code == 0, result.output
    assert result.stdout == "1 rubric file(s) OK\n"


def test_check_without_paths_loads_the_app_through_script_info(rubrics_dir: Path) -> None:
    info = ScriptInfo(create_app=lambda: app_with(rubrics_dir))

    result = run("check", obj=info)

    assert result.exit_code == 0, result.output
    assert result.stdout == "1 rubric file(s) OK\n"


def test_check_without_paths_or_app_is_a_usage_error() -> None:
    result = run("check")

    assert result.exit_code == 2
    assert "name the rubric files or directories" in result.stderr


def test_missing_path_and_empty_directory_are_problems(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"

    result = run("check", str(missing), str(tmp_path))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{missing}: no such file or directory",
        f"{tmp_path}: no rubric files (*.yaml) found",
    ]


def test_unreadable_file_is_a_problem_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")

    result = run("check", str(tmp_path))

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'dangling.yaml'}: cannot read file: No such file or directory"
    ]
    assert "Traceback" not in result.output


def test_unreadable_directory_is_a_problem_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    shutil.copytree(DATA / "mini-company", tmp_path / "mini-company")

    result = run("check", str(tmp_path))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{locked}: cannot read directory: Permission denied"]
    assert "Traceback" not in result.output


def test_unexpected_failure_is_still_a_problem_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(path: Path) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("rcapp.rubrics.cli.load_rubric", explode)

    result = run("check", str(MINI))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{MINI}: could not be checked: RecursionError: maximum recursion depth exceeded"
    ]


def test_list_prints_a_table(rubrics_dir: Path) -> None:
    result = run("list", "--dir", str(rubrics_dir))

    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["id", "version", "kind", "year", "sha256", "title"]
    assert row.split()[:4] == ["mini-company", "1", "company", "2025"]
    assert row.endswith("迷你企业评价细则 / Mini company rubric")


def test_list_uses_rubrics_dir_of_the_app(app_context: None) -> None:
    result = run("list")

    assert result.exit_code == 0, result.output
    assert "mini-company" in result.stdout


def test_list_reports_a_broken_rubric_and_exits_1(rubrics_dir: Path) -> None:
    broken = rubrics_dir / "mini-company" / "v2.yaml"
    shutil.copy(MINI, broken)

    result = run("list", "--dir", str(rubrics_dir))

    assert result.exit_code == 1
    assert result.stderr == f"{broken}:3: version: 1 does not match the file name 'v2.yaml'\n"


def test_list_of_an_empty_directory(tmp_path: Path) -> None:
    result = run("list", "--dir", str(tmp_path))

    assert result.exit_code == 0
    assert result.stdout == f"no rubrics in {tmp_path}\n"


def test_schema_prints_the_generated_schema() -> None:
    result = run("schema")

    assert result.exit_code == 0
    assert result.stdout == render_schema()


def test_schema_writes_and_checks_a_file(tmp_path: Path) -> None:
    output = tmp_path / "schema.json"

    written = run("schema", "-o", str(output))
    content = output.read_text(encoding="utf-8")
    fresh = run("schema", "-o", str(output), "--check")
    output.write_text("{}\n", encoding="utf-8")
    stale = run("schema", "-o", str(output), "--check")

    assert written.exit_code == 0
    assert written.stdout == f"wrote {output}\n"
    assert content == render_schema()
    assert fresh.exit_code == 0
    assert fresh.stdout == f"{output} is up to date\n"
    assert stale.exit_code == 1
    assert "out of date" in stale.stderr


def test_schema_to_an_unwritable_place_is_an_error_line(tmp_path: Path) -> None:
    output = tmp_path / "no" / "such" / "dir" / "schema.json"

    result = run("schema", "-o", str(output))

    assert result.exit_code == 1
    assert result.stderr == f"{output}: No such file or directory\n"
    assert "Traceback" not in result.output
