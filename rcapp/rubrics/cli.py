"""The `rcapp rubrics` commands: check rubric files, list the registry, write the JSON Schema."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click
from flask import current_app, has_app_context
from flask.cli import ScriptInfo

from rcapp.rubrics.errata import ERRATA_DIR, check_errata_file
from rcapp.rubrics.loader import Problem, RubricFileError, load_rubric
from rcapp.rubrics.registry import RubricRegistry, RubricSummary
from rcapp.rubrics.schema import SCHEMA_PATH, render_schema

# A recursive check skips drafts and hidden folders (`_`, `.`), crosswalks (a format of their
# own, docs/crosswalk-format.md) and the deliberately broken test data (`invalid`). Files in
# an `errata` folder are checked as errata, against the rubric file each names.
_SKIPPED_PREFIXES = ("_", ".")
_SKIPPED_DIRS = frozenset({"crosswalks", "invalid"})


@click.group("rubrics")
def rubrics_cli() -> None:
    """Check, list and describe rubric files."""


@rubrics_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check_command(paths: tuple[Path, ...]) -> None:
    """Check rubric files and folders (default: RUBRICS_DIR).

    Folders are searched recursively for *.yaml. Prints one `file:line: message` line
    per problem and exits 1 if there are any.
    """
    files, problems = collect_rubric_files(paths or (_rubrics_dir(),))
    for file in files:
        problems.extend(_check_file(file))
    for problem in problems:
        click.echo(str(problem))
    if problems:
        files_with_problems = len({problem.path for problem in problems})
        click.echo(f"{len(problems)} problem(s) in {files_with_problems} file(s)", err=True)
        raise SystemExit(1)
    click.echo(f"{len(files)} rubric file(s) OK")


@rubrics_cli.command("list")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="Rubric directory (default: RUBRICS_DIR).",
)
def list_command(directory: Path | None) -> None:
    """List every rubric version in the rubric directory."""
    registry = RubricRegistry(directory or _rubrics_dir())
    try:
        summaries = registry.list()
    except RubricFileError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1) from exc
    if not summaries:
        click.echo(f"no rubrics in {registry.directory}")
        return
    for line in _table(summaries):
        click.echo(line)


@rubrics_cli.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Write the schema to this file (e.g. {SCHEMA_PATH}) instead of printing it.",
)
@click.option("--check", is_flag=True, help="Only check that OUTPUT is up to date.")
def schema_command(output: Path | None, check: bool) -> None:
    """Print or write the JSON Schema of the rubric format."""
    text = render_schema()
    if output is None:
        if check:
            raise click.UsageError("--check needs --output")
        click.echo(text, nl=False)
        return
    try:
        if check:
            _check_schema_file(output, text)
        else:
            output.write_text(text, encoding="utf-8", newline="\n")
            click.echo(f"wrote {output}")
    except OSError as exc:
        click.echo(f"{output}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from exc


def collect_rubric_files(targets: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Return the rubric files named by `targets` (files, or directories searched for *.yaml).

    A directory search skips `_`- and `.`-prefixed names and folders named `invalid`;
    a target named explicitly is always used.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for target in targets:
        try:
            if target.is_dir():
                files.extend(_walk(target, problems))
            elif target.exists():
                files.append(target)
            else:
                problems.append(Problem(str(target), None, "no such file or directory"))
        except OSError as exc:
            problems.append(Problem(str(target), None, f"cannot read: {exc.strerror or exc}"))
    return list(dict.fromkeys(files)), problems


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    found: list[Path] = []
    errors: list[OSError] = []
    for folder, subfolders, names in os.walk(root, onerror=errors.append):
        subfolders[:] = sorted(name for name in subfolders if not _skipped(name, directory=True))
        found.extend(Path(folder, name) for name in sorted(names) if _is_rubric_name(name))
    for error in errors:
        reason = f"cannot read directory: {error.strerror or error}"
        problems.append(Problem(str(error.filename or root), None, reason))
    if not found and not errors:
        problems.append(Problem(str(root), None, "no rubric files (*.yaml) found"))
    return found


def _skipped(name: str, *, directory: bool) -> bool:
    return name.startswith(_SKIPPED_PREFIXES) or (directory and name in _SKIPPED_DIRS)


def _is_rubric_name(name: str) -> bool:
    return name.endswith(".yaml") and not _skipped(name, directory=False)


def _check_file(path: Path) -> list[Problem]:
    try:
        if path.parent.name == ERRATA_DIR:
            check_errata_file(path)
        else:
            load_rubric(path)
    except RubricFileError as exc:
        return exc.problems
    except Exception as exc:  # a checker reports every failure as a line, never a traceback
        return [Problem(str(path), None, f"could not be checked: {type(exc).__name__}: {exc}")]
    return []


def _check_schema_file(output: Path, text: str) -> None:
    try:
        current = output.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current != text:
        click.echo(f"{output}: out of date; run `rcapp rubrics schema -o {output}`", err=True)
        raise SystemExit(1)
    click.echo(f"{output} is up to date")


def _table(summaries: list[RubricSummary]) -> list[str]:
    rows = [("id", "version", "kind", "year", "sha256", "title")]
    rows += [
        (
            s.id,
            str(s.version),
            s.kind.value,
            str(s.effective_year),
            s.sha256[:12],
            f"{s.title.zh} / {s.title.en}",
        )
        for s in summaries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    # The title goes last and unpadded: Chinese characters would upset the alignment.
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[-1]
        for row in rows
    ]


def _rubrics_dir() -> Path:
    """Return RUBRICS_DIR of the current app, loading the app if run under `rcapp`."""
    if not has_app_context():
        ctx = click.get_current_context()
        info = ctx.find_object(ScriptInfo)
        if info is None:
            raise click.UsageError("name the rubric files or directories (no app for RUBRICS_DIR)")
        ctx.with_resource(info.load_app().app_context())
    directory = current_app.config.get("RUBRICS_DIR")
    if not directory:
        raise click.UsageError("RUBRICS_DIR is not configured")
    return Path(directory)
