"""`rcapp export …` and `rcapp import FILE`: documents from the command line.

Bad arguments (unknown organisation or year, an existing directory where a file should go)
end with a clear message and exit status 1 before anything is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.services import find_user_by_email
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.reports import data_blank_template, documents, import_service, queries
from rcapp.reports.import_apply import ImportRefused, apply_plan
from rcapp.reports.import_cleared import cleared_texts, cleared_values
from rcapp.reports.import_messages import field_label, located_text
from rcapp.reports.importer import LocatedProblem
from rcapp.reports.template_model import UNATTACHED
from rcapp.reports.template_read import read_template

LANGS = click.Choice(["zh", "en"])


@click.group("export")
def export_cli() -> None:
    """Write scorecards, workbooks, templates and the annual report to files."""


def cycle_or_fail(year: int) -> ReportingCycle:
    cycle = queries.find_cycle(year)
    if cycle is None:
        raise click.ClickException(f"没有 {year} 年度的评价周期 (no reporting cycle for {year})")
    return cycle


def organisation_or_fail(reference: str) -> Organisation:
    """Return the one organisation `reference` names; refuse a shared name, listing all."""
    found = queries.find_organisations(reference)
    if not found:
        raise click.ClickException(
            f"找不到单位“{reference}”（请使用统一社会信用代码、编号或名称）"
            f" (no organisation {reference!r}: use its credit code, id or name)"
        )
    if len(found) > 1:
        listed = "; ".join(f"{o.id} {o.credit_code} {o.name_zh}" for o in found)
        raise click.ClickException(
            f"有 {len(found)} 家单位名为“{reference}”，请改用统一社会信用代码或编号：{listed}"
            f" ({len(found)} organisations are named {reference!r}: use the credit code or id)"
        )
    return found[0]


def assessment_or_fail(reference: str, year: int) -> Assessment:
    cycle = cycle_or_fail(year)
    organisation = organisation_or_fail(reference)
    assessment = queries.find_assessment(organisation, cycle)
    if assessment is None:
        raise click.ClickException(
            f"{organisation.name_zh} 在 {year} 年度没有自评 (no assessment for {year})"
        )
    return assessment


def write_file(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise click.ClickException(f"{path} 是目录，应为文件 (is a directory, not a file)")
    if not path.parent.exists():
        raise click.ClickException(f"目录 {path.parent} 不存在 (directory does not exist)")
    path.write_bytes(data)


def out_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise click.ClickException(f"{path} 不是目录 (not a directory)")
    path.mkdir(parents=True, exist_ok=True)
    return path


@export_cli.command("scorecard")
@click.argument("organisation")
@click.option("--cycle", "year", type=int, required=True, help="Reporting year, e.g. 2025.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="PDF file to write.")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@with_appcontext
def scorecard_command(organisation: str, year: int, out: Path, lang: str) -> None:
    """Write ORGANISATION's PDF scorecard for a year (credit code, id or name)."""
    assessment = assessment_or_fail(organisation, year)
    write_file(out, documents.scorecard_pdf(assessment, lang))
    click.echo(f"{out}")


@export_cli.command("scorecards")
@click.option("--cycle", "year", type=int, required=True, help="Reporting year, e.g. 2025.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Directory.")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@with_appcontext
def scorecards_command(year: int, out: Path, lang: str) -> None:
    """Write a PDF scorecard for every submitted assessment of a year into a directory."""
    cycle = cycle_or_fail(year)
    directory = out_dir(out)
    assessments = queries.results_of_cycle(cycle)
    with click.progressbar(assessments, label="scorecards", file=sys.stderr) as bar:
        for assessment in bar:
            name = documents.scorecard_filename(assessment, lang)
            (directory / name).write_bytes(documents.scorecard_pdf(assessment, lang))
    click.echo(f"{len(assessments)} → {directory}")


@export_cli.command("annual")
@click.option("--cycle", "year", type=int, required=True, help="Reporting year, e.g. 2025.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Directory.")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@with_appcontext
def annual_command(year: int, out: Path, lang: str) -> None:
    """Write the annual report (PDF) and the annual workbook (xlsx) of a year into a directory."""
    cycle = cycle_or_fail(year)
    directory = out_dir(out)
    with click.progressbar(length=100, label="annual report", file=sys.stderr) as bar:
        pdf = documents.annual_report_pdf(cycle, lang, _bar_progress(bar))
    report = directory / documents.annual_report_filename(cycle, lang)
    report.write_bytes(pdf)
    with click.progressbar(length=100, label="annual workbook", file=sys.stderr) as bar:
        workbook = documents.annual_workbook(cycle, lang, _bar_progress(bar))
    book = directory / documents.annual_workbook_filename(cycle, lang)
    book.write_bytes(workbook)
    click.echo(f"{report}\n{book}")


def _bar_progress(bar: Any) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        target = done * 100 // max(total, 1)
        if target > bar.pos:
            bar.update(target - bar.pos)

    return update


@export_cli.command("template")
@click.argument("organisation")
@click.option(
    "--cycle",
    "year",
    type=int,
    help="Reporting year, e.g. 2025; without it, --blank writes a template tied to no year.",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="xlsx file to write.")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--blank", is_flag=True, help="Leave the answers empty (default: pre-filled).")
@with_appcontext
def template_command(
    organisation: str, year: int | None, out: Path, lang: str, blank: bool
) -> None:
    """Write ORGANISATION's offline assessment template for a year (or a blank one for none)."""
    if year is None:
        if not blank:
            raise click.ClickException(
                "--cycle YEAR, or --blank for a template tied to no assessment yet"
            )
        write_file(out, _unattached_template(organisation, lang))
        click.echo(f"{out}")
        return
    assessment = assessment_or_fail(organisation, year)
    write_file(out, documents.template_workbook(assessment, lang, prefill=not blank))
    click.echo(f"{out}")


def _unattached_template(reference: str, lang: str) -> bytes:
    """Build the blank template of the rubric the organisation's next assessment would use."""
    organisation = organisation_or_fail(reference)
    loaded = data_blank_template.next_rubric(organisation)
    if loaded is None:
        raise click.ClickException(f"no {organisation.kind.value} rubric to make a template of")
    return documents.blank_workbook(organisation, loaded, lang)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and list the changes; write nothing.")
@click.option("--user", "email", help="Who is importing (recorded in the audit log).")
@click.option(
    "--conflicts",
    type=click.Choice(["ask", "keep-web", "take-file"]),
    default="ask",
    show_default=True,
    help="Rows changed on the web since the export: stop, keep the web's or take the file's.",
)
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option(
    "--assessment",
    "assessment_id",
    type=int,
    help="The assessment to import into: needed for a blank template tied to none yet.",
)
@with_appcontext
def import_command(
    file: Path,
    dry_run: bool,
    email: str | None,
    conflicts: str,
    lang: str,
    assessment_id: int | None,
) -> None:
    """Check a filled template and write its changes in one transaction (nothing on error)."""
    with force_locale("en" if lang == "en" else "zh_CN"):
        _import(file, dry_run, email, conflicts, assessment_id)


def _import(
    file: Path, dry_run: bool, email: str | None, conflicts: str, assessment_id: int | None
) -> None:
    data = file.read_bytes()
    assessment = _assessment_of_file(data, assessment_id)
    actor = _actor(email, dry_run)
    plan = import_service.plan_upload(assessment, data)
    for problem in plan.problems:
        click.echo(f"{file}: {located_text(problem)}", err=True)
    for warning in plan.warnings:
        click.echo(f"{file}: {located_text(warning)}", err=True)
    if not plan.ok:
        raise click.ClickException(f"{len(plan.problems)} problem(s); nothing written")
    for change in plan.changes:
        mark = "CONFLICT " if change.conflict else ""
        for name, web, typed in change.fields:
            click.echo(
                f"{mark}{change.sheet}!{change.row} {change.subject_label(current_lang())} "
                f"{field_label(name)}: "
                f"{web or '—'} → {typed or '—'}"
            )
    if dry_run:
        click.echo(f"{len(plan.changes)} change(s), {len(plan.conflicts)} conflict(s); dry run")
        return
    if plan.conflicts and conflicts == "ask":
        raise click.ClickException(
            f"{len(plan.conflicts)} row(s) changed on the web since the export: "
            "choose --conflicts keep-web or --conflicts take-file; nothing written"
        )
    take = {c.key for c in plan.conflicts} if conflicts == "take-file" else set()
    if actor is None:  # _actor already refuses this; kept for the type checker
        raise click.ClickException("--user EMAIL is required to write")
    rubric = rubric_of(assessment)
    cleared = cleared_values(assessment, rubric, plan, take)  # before they are gone
    try:
        written = apply_plan(assessment, rubric, plan, take, actor)
    except ImportRefused as refused:
        db.session().rollback()
        raise click.ClickException(f"nothing written: {located_text(refused.located)}") from refused
    db.session().commit()
    click.echo(f"{written} row(s) written")
    for text in cleared_texts(cleared, current_lang(), applied=True):
        click.echo(text)


def _assessment_of_file(data: bytes, assessment_id: int | None) -> Assessment:
    """Return the assessment named (the file's own is checked against it), else the file's."""
    parsed = read_template(data)
    if assessment_id is not None:
        named = db.session().get(Assessment, assessment_id)
        if named is None:
            raise click.ClickException(f"no assessment {assessment_id}")
        return named
    if parsed.identifiers.get(UNATTACHED) == "1":
        raise click.ClickException(
            "a blank template tied to no assessment yet: name the one to import into "
            "with --assessment ID"
        )
    reference = parsed.identifiers.get("assessment", "")
    assessment = db.session().get(Assessment, int(reference)) if reference.isdigit() else None
    if assessment is None:
        for problem in parsed.problems:
            click.echo(
                located_text(LocatedProblem(problem.sheet, problem.row, problem.column, problem)),
                err=True,
            )
        raise click.ClickException("not an rcapp template, or its assessment no longer exists")
    return assessment


def _actor(email: str | None, dry_run: bool) -> User | None:
    if email is None:
        if dry_run:
            return None
        raise click.ClickException("--user EMAIL is required to write (it goes into the audit log)")
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        raise click.ClickException(f"no active user {email}")
    return user
