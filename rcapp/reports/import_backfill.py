"""Plan the earlier years' core KPI inputs (往年数据（补录）) a filled template brings.

The rows are checked by the web page's own rules (kpi_backfill.check_backfill_entries) and written
by it (save_backfill, in import_apply.py), so a value is refused, saved and audited as a
backfill exactly as on the page. A year the organisation has an assessment in since the
download is refused by name; a row entered with an earlier year's assessment is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from flask_babel import force_locale, gettext

from rcapp.assessments.kpi_backfill import (
    BACKFILL_ACTION,
    check_backfill_entries,
    is_own,
    lock_backfill_years,
    open_backfill_years,
)
from rcapp.assessments.kpi_backfill_rows import backfill_inputs, backfill_rows
from rcapp.assessments.models import Assessment, KpiBackfill
from rcapp.assessments.validation import KpiEntry
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import after_of, before_of
from rcapp.reports.import_merge import kept_since_export, kpi_entry, kpi_with, merge_since_export
from rcapp.reports.importer import (
    ImportPlan,
    LocatedProblem,
    plan_merged_change,
    planned_change,
)
from rcapp.reports.template_model import (
    BACKFILL_COLUMNS,
    BACKFILL_SHEET_KEY,
    column_letter,
    kpi_fingerprint,
)
from rcapp.reports.template_read import FileProblem, FileRow, ParsedTemplate
from rcapp.rubrics.model import KpiInput, Rubric, Text

BACKFILL_FIELD_COLUMN = {name: column_letter(BACKFILL_COLUMNS, name) for name in ("value", "note")}
YEAR_COLUMN = column_letter(BACKFILL_COLUMNS, "year")


def backfill_label(year: int, label: Text) -> Text:
    """Name a backfill row in both languages: its year, the mark 补录, the input's label."""
    words = []
    for locale, text in (("zh_CN", label.zh), ("en", label.en)):
        with force_locale(locale):
            words.append(str(gettext("%(year)s 年（补录）%(label)s", year=year, label=text)))
    return Text(zh=words[0], en=words[1])


def plan_backfills(
    assessment: Assessment, rubric: Rubric, parsed: ParsedTemplate, plan: ImportPlan
) -> None:
    """Add the backfill sheet's problems and changes to `plan`; write nothing."""
    rows = [row for row in parsed.rows if row.sheet_key == BACKFILL_SHEET_KEY]
    if not rows:
        return
    editable = assessment.is_editable and assessment.cycle.is_open  # else "not_editable" says it
    years = set(open_backfill_years(assessment))
    inputs = {kpi_input.id: kpi_input for kpi_input in backfill_inputs(rubric)}
    read: list[tuple[FileRow, int, KpiInput]] = []
    for row in rows:
        year_text, input_id = row.subject.split(":", 1)
        spec = inputs.get(input_id)
        if spec is None or not year_text.isdigit() or row.key not in parsed.fingerprints:
            continue  # not a row of the template: the reader named it
        read.append((row, int(year_text), spec))
    # Lock and read the stored rows once for the whole sheet, not once a row (each lock
    # expired every loaded object: 19 rows took 40 % of the preview).
    planned = sorted({year for _row, year, _spec in read if year in years})
    stored: dict[int, dict[str, KpiBackfill]] = {}
    if planned:
        lock_backfill_years(assessment, planned)
        stored = backfill_rows(assessment.organisation_id, assessment.cycle.year)
    for row, year, spec in read:
        if year in years:
            kept = stored.get(year, {}).get(spec.id)
            _plan_row(assessment, rubric, (year, spec, kept), row, parsed.fingerprints, plan)
        elif editable and _typed_print(row) != parsed.fingerprints.get(row.key):
            # an assessment of that year was started since the download: a row left as it
            # was exported is not read; one typed in is refused, by name
            params = {"year": year}
            problem = FileProblem("backfill_year_closed", row.sheet, row.row, YEAR_COLUMN, params)
            plan.problems.append(LocatedProblem(row.sheet, row.row, YEAR_COLUMN, problem))


def _plan_row(
    assessment: Assessment,
    rubric: Rubric,
    year_input: tuple[int, KpiInput, KpiBackfill | None],
    row: FileRow,
    exported: Mapping[str, str],
    plan: ImportPlan,
) -> None:
    """Plan one row of a year the caller locked (lock_backfill_years); `kept` its stored row."""
    year, spec, kept = year_input
    label = backfill_label(year, spec.label)
    entry = KpiEntry(value=row.cells.get("value") or "", note=row.cells.get("note") or "")
    checked, found = check_backfill_entries(rubric, {spec.id: entry})
    current = _state(kept)
    typed = {"value": checked[spec.id].get("value"), "note": checked[spec.id].get("note")}
    if kept is not None and not is_own(assessment, kept):
        # the page shows it read-only: the year's result was worked out with it
        if found or _print(typed) != _print(current):
            column = BACKFILL_FIELD_COLUMN["value"]
            problem = FileProblem(
                "backfill_fixed", row.sheet, row.row, column, {"year": kept.entered_year}
            )
            plan.warnings.append(LocatedProblem(row.sheet, row.row, column, problem, label))
        return
    located = [
        LocatedProblem(row.sheet, row.row, BACKFILL_FIELD_COLUMN.get(p.field, ""), p, label)
        for p in found
    ]
    plan.problems.extend(located)
    if found or _print(typed) == _print(current):
        return
    web_print = _print(current)
    at_export = exported.get(row.key, web_print)
    if web_print == at_export:  # the file changed it, the system did not since the export
        plan.backfills[row.key] = entry
        plan.changes.append(planned_change(row, current, typed, label=label))
        return
    # the system changed it since the export: the KPI sheet's rule, cell by cell (a note only
    # the file changed is written; a cell both changed is the user's to decide)
    if _print(typed) == at_export:  # untouched in the file
        merge, reason = kept_since_export(current, typed), "kept"
    else:
        merge = merge_since_export(
            plan.history,
            spec.id,
            (BACKFILL_ACTION,),
            (current, typed),
            _print,
            at_export,
            lambda entry: _year_of(entry) == year,
        )
        blank = plan.blank_file and at_export == _print(_state(None))
        reason = "blank" if blank else "web"
    if merge is None:
        return
    plan.backfills[row.key] = kpi_entry(merge.merged)
    plan_merged_change(plan, row, (current, merge), label, reason)


def _year_of(entry: AuditEntry) -> object:
    """Return the earlier year a backfill's audit entry is of (either side names it)."""
    said = before_of(entry) or after_of(entry)
    return said.get("year") if isinstance(said, dict) else None


def _typed_print(row: FileRow) -> str:
    """Fingerprint the row's cells as typed (a number read as one, else as text)."""
    value, note = row.cells.get("value"), row.cells.get("note")
    try:
        number = Decimal(value) if value else None
    except ArithmeticError:
        return kpi_fingerprint(None, f"{value}{note or ''}")
    return kpi_fingerprint(number, note or "")


def _state(row: KpiBackfill | None) -> dict[str, object]:
    return {
        "value": None if row is None else row.value,
        "note": None if row is None else (row.note or None),
    }


def _print(state: Mapping[str, object]) -> str:
    value, note = state["value"], state["note"]
    return kpi_fingerprint(value if isinstance(value, Decimal) else None, str(note or ""))


def planned_backfills(
    plan: ImportPlan, chosen: set[str], taken: Mapping[str, tuple[str, ...]]
) -> dict[int, dict[str, KpiEntry]]:
    """Return the backfills applying writes: year → input id → the entry to write.

    A clashing cell takes the file's value only when the user took it (`taken`), as on the
    KPI sheet (import_apply.planned_kpis).
    """
    years: dict[int, dict[str, KpiEntry]] = {}
    for key, entry in plan.backfills.items():
        if key in chosen:
            _sheet, year, input_id = key.split(":", 2)
            typed = kpi_with(entry, plan.clashes.get(key, {}), taken.get(key, ()))
            years.setdefault(int(year), {})[input_id] = typed
    return years
