"""`rcapp score FILE`: score an answers file and print its scorecard (text or JSON)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, has_app_context

from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricNotFoundError, RubricRegistry
from rcapp.scorecards.answers import read_answers, rubric_reference
from rcapp.scorecards.source import AnswersFileError, SourceFile, read_source
from rcapp.scorecards.text import scorecard_text
from rcapp.scoring import codec, score_assessment


@click.command("score")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_key", metavar="ID@VERSION", help="Overrides the file's rubric.")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--rubrics-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the rubric versions are (default: the app's RUBRICS_DIR, else ./rubrics).",
)
def score_command(
    file: Path, rubric_key: str | None, output: str, rubrics_dir: Path | None
) -> None:
    """Score an answers FILE (YAML or JSON) and print the scorecard with its stars.

    The format of FILE is described in docs/answers-format.md. Problems are listed as
    file:line: key: message and the command exits with status 1. Data problems (a grade
    below what the figures give, KPI data that disagree with the events register, an event
    dated after the assessment date) are warned about on stderr and listed in the scorecard.
    """
    try:
        source = read_source(file)
        rubric = _rubric(source, rubric_key, rubrics_dir or default_rubrics_dir())
        answers = read_answers(source, rubric)
    except AnswersFileError as exc:
        raise click.ClickException("\n".join(exc.messages)) from exc
    scorecard = score_assessment(rubric, answers.inputs, answers.context)
    for problem in scorecard.data_problems:
        loc = (
            ("kpi_inputs",) if problem.event_index is None else ("events", str(problem.event_index))
        )
        click.echo(f"Warning: {source.message(loc, problem.message)}", err=True)
    if output == "json":
        click.echo(codec.dumps(codec.encode(scorecard, {"organisation": answers.organisation})))
    else:
        click.echo(scorecard_text(scorecard, rubric, answers.organisation), nl=False)


def default_rubrics_dir() -> Path:
    if has_app_context():
        return Path(current_app.config["RUBRICS_DIR"])
    return Path("rubrics")


def _rubric(source: SourceFile, override: str | None, directory: Path) -> Rubric:
    rubric_id, version = rubric_reference(source, override)
    return load_rubric(source, rubric_id, version, directory, from_option=override is not None)


def load_rubric(
    source: SourceFile, rubric_id: str, version: int, directory: Path, *, from_option: bool
) -> Rubric:
    """Load one rubric version through the registry; name the problem where it was asked."""

    def problem(message: str) -> AnswersFileError:
        if from_option:
            return AnswersFileError([f"--rubric: {message}"])
        return AnswersFileError([source.message(("rubric",), message)])

    registry = RubricRegistry(directory)
    try:
        return registry.get(rubric_id, version).rubric
    except RubricNotFoundError as exc:
        raise problem(f"unknown rubric {rubric_id}@{version}{_known(registry)}") from exc
    except RubricError as exc:
        raise problem(f"rubric {rubric_id}@{version} cannot be used:\n{exc}") from exc


def _known(registry: RubricRegistry) -> str:
    try:
        versions = registry.versions()
    except RubricError:
        versions = []
    listed = ", ".join(f"{rubric_id}@{version}" for rubric_id, version in versions)
    return f" in {registry.directory} (known: {listed or 'none'})"
