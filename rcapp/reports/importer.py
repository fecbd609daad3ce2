"""Check a filled template against its assessment and plan the changes, then apply them.

The checks are the web forms' own (assessments.validation), so a value refused on a page is
refused in a file too. Nothing is written while any problem remains. A row the file changed
that was also changed on the web since the export is a conflict: it is applied only when the
user decides for the file (import_apply.py writes the plan).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from flask_babel import force_locale, gettext

from rcapp.assessments.event_checks import check_event, loss_raises_grade, outside_year
from rcapp.assessments.event_residents import (
    check_where,
    resident_names,
    residents_in,
    takes_resident,
)
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Answer, Assessment, KpiValue
from rcapp.assessments.queries import (
    answers_by_item,
    computed_inputs_of,
    events_of,
    kpi_values_by_input,
    last_year_kpi_inputs,
)
from rcapp.assessments.system_figures import SystemFigures, system_figures
from rcapp.assessments.validation import (
    Checked,
    EventInput,
    ItemInput,
    KpiEntry,
    Problem,
    check_item,
    check_kpi_input,
    check_prerequisite,
    check_section_na_in,
    evidence_cap,
    level_in_percent,
    percent_ratio_doubt,
)
from rcapp.i18n import current_lang
from rcapp.reports.data_template import identifiers_of
from rcapp.reports.file_owner import assessment_named, organisation_named
from rcapp.reports.import_cells import date_text, flag, level_text, yes_no_text
from rcapp.reports.import_layout import layout_problems
from rcapp.reports.import_merge import (
    ANSWER_ACTIONS,
    KPI_ACTIONS,
    RowMerge,
    SavedHistory,
    answer_input,
    answer_state,
    is_blank_file,
    kept_since_export,
    kpi_entry,
    merge_since_export,
)
from rcapp.reports.import_rules import kpi_problems_across_rows
from rcapp.reports.import_system import system_entry
from rcapp.reports.import_written import FILE_NA_VALUE, answered_in_blank, written_problems
from rcapp.reports.template_model import (
    ANSWER_COLUMNS,
    BACKFILL_SHEET_KEY,
    KPI_COLUMNS,
    UNATTACHED,
    answer_fingerprint,
    column_letter,
    column_named,
    kpi_fingerprint,
    number_key,
)
from rcapp.reports.template_read import FileProblem, FileRow, ParsedTemplate
from rcapp.rubrics.app_registry import rubric_label
from rcapp.rubrics.model import Item, ItemKind, Rubric, Text

logger = logging.getLogger(__name__)

ANSWER_FIELD_COLUMN = {
    "level": "E",
    "value": "E",
    "is_na": "F",
    "na_reason": "G",
    "evidence_note": "H",
    "comment": "I",
}
KPI_FIELD_COLUMN = {"value": "E", "note": "F"}
EVENT_FIELD_COLUMN = {
    "event_type": "A",
    "grade": "B",
    "occurred_on": "C",
    "fatalities": "D",
    "injuries": "E",
    "direct_loss_10k_yuan": "F",
    "description": "G",
    "resident_id": "I",
    "resident_name": "J",
    "resident_credit_code": "K",
}


@dataclass(frozen=True)
class LocatedProblem:
    """A problem at sheet/row/column: a file problem, or a field problem from the checks."""

    sheet: str
    row: int | None
    column: str
    problem: FileProblem | Problem
    label: Text | None = None  # what the row is about, named for users (a KPI input's label)
    # the column's name in its sheet's layout ("na"): the message adds its header (不适用)
    column_name: str = ""


@dataclass(frozen=True)
class Change:
    """One row to write: the fields that differ, as (field, web value, file value) texts."""

    key: str
    sheet: str
    row: int
    subject: str
    fields: tuple[tuple[str, str, str], ...]
    conflict: bool = False  # changed on the web since the export, and differently in the file
    # (zh, en) of what the row is about, for a KPI input whose subject is a rubric key
    # (hours_employees) no user knows; plain strings so the job's JSON preview keeps them
    label: tuple[str, str] | None = None
    # the fields of a conflict the user decides on one by one (both sides changed them)
    clashes: tuple[str, ...] = ()
    # (field, zh, en) of a file value the page shows in its language: an event's type and
    # grade, typed as the drop-down's words of either language
    words: tuple[tuple[str, str, str], ...] = ()
    # why a conflict's cells differ from the system (the preview says so truthfully):
    # "web" changed on the web since the export; "blank" the file (a blank template) showed
    # the row empty while the system had an answer; "kept" the file left the row as
    # exported and the system changed it since (taking the file's value restores it)
    reason: str = "web"
    # a "web" conflict: who saved the row last on the web, and when (UTC, ISO; "" unknown)
    changed_by: str = ""
    changed_at: str = ""

    @property
    def changed_moment(self) -> dt.datetime | None:
        """When the row was last saved on the web, for the conflict's note."""
        return dt.datetime.fromisoformat(self.changed_at) if self.changed_at else None

    @property
    def shown_mark(self) -> str:
        """Name the conflict row as the preview showed it: its key and the system's values.

        The decision posts it back: a row the web changed after the preview no longer
        matches, so it is shown again before anything is written (a preview opened again
        after an import may be hours old).
        """
        shown = json.dumps([[name, web] for name, web, _file in self.fields], ensure_ascii=False)
        return f"{self.key}@{hashlib.sha256(shown.encode()).hexdigest()[:16]}"

    @property
    def written_by_default(self) -> bool:
        """Whether applying with nothing ticked writes (part of) this row.

        It does when a cell is outside its clashes: import_apply writes those, a clash only
        when ticked.
        """
        return len(self.clashes) < len(self.fields)

    def subject_label(self, lang: str) -> str:
        """Name the row's subject as users know it: a KPI input's label, else its number."""
        if self.label is None:
            return self.subject
        return self.label[1] if lang.startswith("en") else self.label[0]

    def file_text(self, name: str, text: str, lang: str) -> str:
        """Return the file's value of `name` as the page shows it, in its language if known."""
        for field_name, zh, en in self.words:
            if field_name == name:
                return en if lang.startswith("en") else zh
        return text


@dataclass
class ImportPlan:
    assessment_id: int
    problems: list[LocatedProblem] = field(default_factory=list)
    warnings: list[LocatedProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    answers: dict[str, tuple[str, str, ItemInput]] = field(
        default_factory=dict
    )  # key → (kind, sheet key, typed)
    kpis: dict[str, KpiEntry] = field(default_factory=dict)
    # earlier years' core KPI inputs (补录), key → the file's entry (import_backfill.py)
    backfills: dict[str, KpiEntry] = field(default_factory=dict)
    events: dict[str, EventInput] = field(default_factory=dict)
    # key → {field: the file's value} of the cells both sides changed; the row in
    # answers/kpis holds the web's value there until the user takes the file's
    clashes: dict[str, dict[str, object]] = field(default_factory=dict)
    # the file is a blank template: its rows showed no answers, whatever the system had
    blank_file: bool = False
    # each locked wording (item prompt, KPI label) → the ids it belongs to
    wording_owners: dict[str, set[str]] = field(default_factory=dict)
    # the saves of the file's rows, walked back where the web changed a row since the export
    history: SavedHistory = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.history = SavedHistory(self.assessment_id, ())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.conflict]


def plan_import(assessment: Assessment, rubric: Rubric, parsed: ParsedTemplate) -> ImportPlan:
    """Check everything in the file and list what would change; write nothing."""
    plan = ImportPlan(assessment.id)
    if parsed.problems and not parsed.identifiers:
        plan.problems.extend(LocatedProblem(p.sheet, p.row, p.column, p) for p in parsed.problems)
        return plan
    parsed = _without_shifted_sheets(parsed, plan)
    plan.blank_file = is_blank_file(parsed)
    plan.wording_owners = _wording_owners(rubric)
    plan.history = SavedHistory(assessment.id, _subjects(parsed))
    plan.problems.extend(LocatedProblem(p.sheet, p.row, p.column, p) for p in parsed.problems)
    plan.warnings.extend(LocatedProblem(p.sheet, p.row, p.column, p) for p in parsed.notices)
    _check_identifiers(assessment, parsed, plan)
    if not assessment.is_editable or not assessment.cycle.is_open:
        plan.problems.append(LocatedProblem("", None, "", FileProblem("not_editable")))
    stored = answers_by_item(assessment)
    values = kpi_values_by_input(assessment)
    last_year = last_year_kpi_inputs(assessment)
    counted = computed_inputs_of(assessment.organisation_id, assessment.cycle.year, rubric)
    registered = {
        _event_key(e.event_type, e.occurred_on, e.description)
        for e in events_of(assessment.organisation_id)
    }
    words = _event_words(rubric)
    if takes_resident(assessment):
        residents = residents_in(assessment.organisation, assessment.cycle)
        words = words._replace(residents=resident_names(residents))
    for row in parsed.rows:
        if row.sheet_key == "EVENTS":
            _plan_event(rubric, words, row, (registered, assessment), plan)
        elif row.sheet_key == BACKFILL_SHEET_KEY:
            continue  # planned with their year's other rows below (plan_backfills)
        elif row.sheet_key == "KPI":
            _plan_kpi(rubric, row, values, (last_year, counted), parsed.fingerprints, plan)
        else:
            _plan_answer(rubric, row, stored, parsed.fingerprints, plan)
    _check_across_rows(rubric, values, last_year, plan, system_figures(assessment, rubric))
    # imported here: import_backfill builds this module's plan rows
    from rcapp.reports.import_backfill import plan_backfills

    plan_backfills(assessment, rubric, parsed, plan)
    _warn_evidence(assessment, rubric, parsed, plan)
    _sort_problems(parsed, plan)
    name_columns(plan, parsed)
    return plan


def _subjects(parsed: ParsedTemplate) -> set[str]:
    """Name what the file's rows are saved under in the audit log: an item, a KPI input.

    A backfill row's subject is "year:input"; its saves are logged on the input.
    """
    return {row.subject.rsplit(":", 1)[-1] for row in parsed.rows}


def _without_shifted_sheets(parsed: ParsedTemplate, plan: ImportPlan) -> ParsedTemplate:
    """Refuse each sheet whose columns moved, in one message: none of its cells is read.

    Its rows' own problems would be the shift's echoes ("“2” is not yes or no" on every
    row), so they are left out; so are its rows, and the plan writes nothing anyway.
    """
    shifted = layout_problems(parsed)
    if not shifted:
        return parsed
    titles = {problem.sheet for problem in shifted.values()}
    plan.problems.extend(LocatedProblem(p.sheet, p.row, "", p) for p in shifted.values())
    return replace(
        parsed,
        rows=tuple(row for row in parsed.rows if row.sheet not in titles),
        problems=tuple(p for p in parsed.problems if p.sheet not in titles),
    )


def _check_across_rows(
    rubric: Rubric,
    values: Mapping[str, KpiValue],
    last_year: Mapping[str, Decimal],
    plan: ImportPlan,
    system: SystemFigures,
) -> None:
    """Refuse here the KPI rows the apply would refuse, and warn of the 0s it would question."""
    found, doubted = kpi_problems_across_rows(
        rubric, plan.kpis, plan.clashes, values, last_year, system
    )
    rows = {change.key: change for change in plan.changes}
    labels = {spec.id: spec.label for spec in rubric.kpi_inputs}
    for listed, pairs in ((plan.problems, found), (plan.warnings, doubted)):
        for key, problem in pairs:
            change = rows[key]
            column = KPI_FIELD_COLUMN.get(problem.field, "")
            label = labels.get(problem.subject)
            listed.append(LocatedProblem(change.sheet, change.row, column, problem, label))


def _sort_problems(parsed: ParsedTemplate, plan: ImportPlan) -> None:
    """List problems as the file reads: the whole file first, then sheet by sheet, row by row.

    Sheets go in the file's order (a sheet refused whole for its columns has no rows read);
    a sheet's own problems (its columns, a merged range) come before its rows'.
    """
    titles = [title for title, _header in parsed.headers.values()]
    sheets = [*titles, *(row.sheet for row in parsed.rows), *(p.sheet for p in plan.problems)]
    rank = {sheet: index for index, sheet in enumerate(dict.fromkeys(sheets))}
    plan.problems.sort(
        key=lambda p: (p.sheet != "", rank[p.sheet], p.row is not None, p.row or 0, p.column)
    )


def name_columns(plan: ImportPlan, parsed: ParsedTemplate) -> None:
    """Name each located column of the plan by its sheet's layout ("F" → "na")."""
    sheet_keys = {title: key for key, (title, _header) in parsed.headers.items()}

    def named(found: list[LocatedProblem]) -> list[LocatedProblem]:
        return [
            replace(p, column_name=column_named(sheet_keys[p.sheet], p.column))
            if p.column and not p.column_name and p.sheet in sheet_keys
            else p
            for p in found
        ]

    plan.problems, plan.warnings = named(plan.problems), named(plan.warnings)


def _warn_evidence(
    assessment: Assessment, rubric: Rubric, parsed: ParsedTemplate, plan: ImportPlan
) -> None:
    """Warn, item by item, where an imported level will count lower for missing evidence.

    And where a percentage item got a whole number 1–4: a level typed into its row, as an
    Excel user fills a column down (QA63 m1; a warning, since 2 % may be right).
    """
    items, filed = rubric.item_index(), {a.item_id for a in assessment.attachments}
    rows = {row.key: row for row in parsed.rows}
    for key, (kind, _sheet_key, typed) in plan.answers.items():
        item, row = items.get(key.split(":", 1)[1]), rows[key]
        if kind != "item" or item is None or typed.is_na:
            continue
        state = {**answer_state(typed), **plan.clashes.get(key, {})}  # as the preview shows
        level, value = state["level"], state["value"]
        number = value if isinstance(value, Decimal) else None
        found = evidence_cap(
            item,
            int(level) if level not in (None, "") else None,
            number,
            str(state["evidence_note"] or ""),
            item.id in filed,
        )
        for doubt in (level_in_percent(item, number), found):
            if doubt is not None:
                plan.warnings.append(LocatedProblem(row.sheet, row.row, "E", doubt))


_NAMED = {"organisation": organisation_named, "assessment": assessment_named}


def _check_identifiers(assessment: Assessment, parsed: ParsedTemplate, plan: ImportPlan) -> None:
    expected = identifiers_of(assessment)
    # A blank template tied to no assessment (data_blank_template.py) names no year or
    # assessment: it goes into any assessment of its organisation with its rubric version.
    unattached = parsed.identifiers.get(UNATTACHED) == "1"
    for key, code in (
        ("organisation", "other_organisation"),
        ("cycle", "other_cycle"),
        ("assessment", "other_assessment"),
    ):
        if unattached and key != "organisation":
            continue
        if parsed.identifiers.get(key) != expected[key]:
            found = parsed.identifiers.get(key, "")
            named = _NAMED.get(key)
            params = {"found": found, "expected": expected[key]}
            if named is not None:  # a company by its name, an assessment by company and year
                params = {"found": named(found), "expected": named(expected[key])}
            problem = FileProblem(code, params=params)
            plan.problems.append(LocatedProblem("", None, "", problem))
    rubric_keys = ("rubric_id", "rubric_version", "rubric_sha256")
    if any(parsed.identifiers.get(key) != expected[key] for key in rubric_keys):
        wrong = _other_rubric(parsed, expected)
        if unattached:
            wrong = _blank_of_other_rubric(parsed, assessment)
        plan.problems.append(LocatedProblem("", None, "", wrong))


def _blank_of_other_rubric(parsed: ParsedTemplate, assessment: Assessment) -> FileProblem:
    """Name both rubric versions as users know them: a blank template made for another."""
    found, wanted = _rubric_names(parsed, assessment.rubric_id, str(assessment.rubric_version))
    if found == wanted:  # the same version, edited since the template was made
        return FileProblem("edited_rubric", params={"expected": wanted})
    return FileProblem("blank_other_rubric", params={"found": found, "expected": wanted})


def _other_rubric(parsed: ParsedTemplate, expected: Mapping[str, str]) -> FileProblem:
    """Name both rubrics as users know them (qa64 m1); a digest means nothing to them."""
    found, wanted = _rubric_names(parsed, expected["rubric_id"], expected["rubric_version"])
    if found == wanted:  # the same version number, another content: a file edited since
        return FileProblem("edited_rubric", params={"expected": wanted})
    return FileProblem("other_rubric", params={"found": found, "expected": wanted})


def _rubric_names(parsed: ParsedTemplate, rubric_id: str, version: str) -> tuple[str, str]:
    """Return the file's rubric version and the assessment's by the titles pages show."""
    lang = current_lang()

    def named(rubric_id: str, version: str) -> str:
        if version.isdigit():
            return rubric_label(rubric_id, int(version), lang)
        return f"{rubric_id} v{version}"  # not a version number: as the file has it

    ids = parsed.identifiers
    return named(ids.get("rubric_id", ""), ids.get("rubric_version", "")), named(rubric_id, version)


def _locate(
    row: FileRow, found: list[Problem], columns: Mapping[str, str], label: Text | None = None
) -> list[LocatedProblem]:
    return [LocatedProblem(row.sheet, row.row, columns.get(p.field, ""), p, label) for p in found]


def _plan_answer(
    rubric: Rubric,
    row: FileRow,
    stored: dict[str, Answer],
    exported: Mapping[str, str],
    plan: ImportPlan,
) -> None:
    cells = row.cells
    items = rubric.item_index()
    if _id_moved(row, "prompt", plan):
        return
    _warn_protected(row, "prompt", _answer_wording(rubric, row, items.get(row.subject)), plan)
    is_na = flag(cells.get("na"))
    if is_na is None:
        plan.problems.append(
            LocatedProblem(
                row.sheet, row.row, "F", FileProblem("not_yes_no", params={"text": cells.get("na")})
            )
        )
        return
    sections = {s.id: s for s in rubric.sections}
    item = items.get(row.subject)
    number = item is not None and item.kind is ItemKind.NUMBER
    level, spelled = (None, "") if number else _level_cell(item, row.sheet_key, cells.get("answer"))
    typed = ItemInput(
        level=level,
        value=cells.get("answer") if number else None,
        is_na=is_na,
        na_reason=cells.get("na_reason") or "",
        evidence_note=cells.get("evidence_note") or "",
        comment=cells.get("comment") or "",
    )
    check: Callable[[ItemInput], Checked]
    if row.sheet_key == "PREREQ":
        kind, check = "prerequisite", partial(check_prerequisite, row.subject)
    elif item is not None:
        kind, check = "item", partial(check_item, item)
    elif row.subject in sections:
        kind, check = "section_na", partial(check_section_na_in, rubric, sections[row.subject])
        _warn_section_row(row, plan)
    else:
        return  # an unknown id is already reported by the reader
    values, found = check(typed)
    answered = {"answer": cells.get("answer") or ""}  # "N/A and level 3": name the level
    both = FILE_NA_VALUE if number else "na_and_answer"  # ... or the value (wordfix 6)
    found = [
        replace(p, code=both, params=answered) if p.code == "na_and_answer" else p for p in found
    ]
    found = [_unreadable_level(p, level) for p in found]
    plan.problems.extend(_locate(row, found, ANSWER_FIELD_COLUMN))
    if found:
        return
    if spelled:  # "3级" read as 3: the preview says how, never silently (bulkrace 3)
        read = Problem(row.subject, "level", "level_read_as", {"text": spelled, "level": level})
        plan.warnings.extend(_locate(row, [read], ANSWER_FIELD_COLUMN))
    answer = stored.get(row.subject)
    current = _answer_state(answer)
    typed_state = {**current, **{k: v for k, v in values.items() if k in current}}
    file_print, web_print = _answer_print(typed_state), _answer_print(current)
    at_export = exported.get(row.key, web_print)
    if file_print == web_print:
        return  # already what the web has
    doubt = None if item is None else percent_ratio_doubt(item, values.get("value"))
    if doubt is not None and values.get("value") != current.get("value"):
        plan.warnings.extend(_locate(row, [doubt], ANSWER_FIELD_COLUMN))
    if file_print == at_export:
        # untouched in the file, changed in the system since: the system's value stands
        # unless the user takes the file's (an older file uploaded to restore, qa34 D5)
        merge = kept_since_export(current, typed_state)
        reason = "kept"
    elif web_print == at_export:
        plan.answers[row.key] = (kind, row.sheet_key, typed)
        plan.changes.append(planned_change(row, current, typed_state))
        return
    else:
        merge = merge_since_export(
            plan.history,
            row.subject,
            ANSWER_ACTIONS,
            (current, typed_state),
            _answer_print,
            at_export,
        )
        reason = _clash_reason(plan, at_export, _answer_print(_answer_state(None)))
    if merge is None:
        return  # every cell the file changed is already what the web has
    if plan.blank_file and not is_na:  # "否" typed answers an item the web marks N/A
        merge = replace(merge, merged=answered_in_blank(merge.merged, cells.get("na")))
    merged = {**merge.merged, **merge.clashes}
    # what apply writes: the cells merged with the web's, the file's clashes left or taken
    written = (answer_input(merge.merged), answer_input(merged))
    found = written_problems(check, typed, written)
    plan.problems.extend(_locate(row, found, ANSWER_FIELD_COLUMN))
    if found:
        return
    plan.answers[row.key] = (kind, row.sheet_key, written[0])
    plan.clashes[row.key] = merge.clashes
    plan.changes.append(
        planned_change(row, current, merged, merge.clashes, reason=reason, changed=merge)
    )


def _warn_section_row(row: FileRow, plan: ImportPlan) -> None:
    """Name each cell of the whole-section row that is not read (qa50 #6: ignored silently).

    The row declares the section not applicable, with its reason; a level, evidence note
    or comment typed there belongs to no item and is not imported.
    """
    for name, field_name in (
        ("answer", "level"),
        ("evidence_note", "evidence_note"),
        ("comment", "comment"),
    ):
        if row.cells.get(name):
            column = ANSWER_FIELD_COLUMN[field_name]
            problem = FileProblem("section_row_cell", row.sheet, row.row, column)
            plan.warnings.append(LocatedProblem(row.sheet, row.row, column, problem))


def _clash_reason(plan: ImportPlan, at_export: str, empty: str) -> str:
    """Say why a row clashes: a blank template's empty row, or a change on the web."""
    return "blank" if plan.blank_file and at_export == empty else "web"


def _answer_wording(rubric: Rubric, row: FileRow, item: Item | None) -> Text | None:
    """Return the rubric's own text of the row's item or prerequisite (a protected cell)."""
    if row.sheet_key == "PREREQ":
        return next((p.prompt for p in rubric.prerequisites if p.id == row.subject), None)
    return None if item is None else item.prompt


def _wording_owners(rubric: Rubric) -> dict[str, set[str]]:
    """Map each item prompt, prerequisite prompt and KPI label (both languages) to its ids."""
    owners: dict[str, set[str]] = {}
    texts = [(item.id, item.prompt) for item in rubric.item_index().values()]
    texts += [(p.id, p.prompt) for p in rubric.prerequisites]
    texts += [(spec.id, spec.label) for spec in rubric.kpi_inputs]
    for subject, text in texts:
        for words in (text.zh, text.en):
            owners.setdefault(_spaced(words), set()).add(subject)
    return owners


def _id_moved(row: FileRow, name: str, plan: ImportPlan) -> bool:
    """Refuse a row whose locked wording is another row's: its 编号 was changed or swapped.

    Rows are matched by their 编号 (a sorted sheet reads); a row sorted moves its wording
    with it, so only a 编号 typed over shows another item's wording beside it.
    """
    owners = plan.wording_owners.get(_spaced(row.cells.get(name) or ""), set())
    if not owners or row.subject in owners:
        return False
    column = column_letter(KPI_COLUMNS if row.sheet_key == "KPI" else ANSWER_COLUMNS, "id")
    params = {"id": row.cells.get("id") or row.subject}
    problem = FileProblem("id_moved", row.sheet, row.row, column, params)
    plan.problems.append(LocatedProblem(row.sheet, row.row, column, problem))
    return True


def _warn_protected(row: FileRow, name: str, wording: Text | None, plan: ImportPlan) -> None:
    """Say so where a protected cell (the rubric's wording) was edited: it is not imported.

    The template locks these cells, but a file unprotected in Excel or another program can
    change them; the edit is ignored, and the preview names the cell rather than keeping
    quiet (a user who "corrected" the wording would believe it went in).
    """
    if wording is None:
        return
    typed = _spaced(row.cells.get(name) or "")
    if typed in {_spaced(wording.zh), _spaced(wording.en)}:
        return
    column = column_letter(KPI_COLUMNS if row.sheet_key == "KPI" else ANSWER_COLUMNS, name)
    problem = FileProblem(f"protected_{name}", row.sheet, row.row, column)
    plan.warnings.append(LocatedProblem(row.sheet, row.row, column, problem))


def _level_cell(item: Item | None, sheet_key: str, text: str | None) -> tuple[str | None, str]:
    """Read a level typed past the drop-down; yes/no items and prerequisites take words too.

    Return the reading and, when a spelling of a level was read ("3级", "三级", "L3" as
    "3"), the text as typed ("" when it was read as it stands).
    """
    if sheet_key == "PREREQ" or (item is not None and item.kind is ItemKind.YES_NO):
        text = yes_no_text(text)
    read = level_text(text)
    return read, (text or "").strip() if read != (text or "").strip() else ""


def _unreadable_level(found: Problem, typed: str | None) -> Problem:
    """Word a maturity level that is no whole number ("3-4", "3.5", "约3") as unreadable.

    It is refused as any level out of range; the message quotes it and says what the
    column takes. Yes/no answers keep their own wording.
    """
    text = (typed or "").strip()
    unread = found.code == "level_range" and str(found.params.get("max")) != "1"
    if not unread or not text or text.lstrip("-").isdigit():
        return found
    return replace(found, code="level_unreadable", params={**found.params, "text": text})


def _answer_state(answer: Answer | None) -> dict[str, object]:
    return {
        "level": answer.level if answer else None,
        "value": answer.value if answer else None,
        "is_na": bool(answer and answer.is_na),
        "na_reason": (answer.kept_na_reason or None) if answer else None,
        "evidence_note": (answer.evidence_note or None) if answer else None,
        "comment": (answer.comment or None) if answer else None,
    }


def _answer_print(state: Mapping[str, object]) -> str:
    value = state["value"]
    level = state["level"]
    return answer_fingerprint(
        level if isinstance(level, int) else None,
        value if isinstance(value, Decimal) else None,
        bool(state["is_na"]),
        str(state["na_reason"] or ""),
        str(state["evidence_note"] or ""),
        str(state["comment"] or ""),
    )


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Decimal):
        return number_key(value)
    return str(value)


def planned_change(
    row: FileRow,
    web: Mapping[str, object],
    typed: Mapping[str, object],
    clashes: Mapping[str, object] | None = None,
    *,
    label: Text | None = None,
    reason: str = "web",
    changed: RowMerge | None = None,
) -> Change:
    """Plan a row's change; `changed`: its merge with the web's, naming who saved it last."""
    fields = tuple(
        (name, _shown(web.get(name)), _shown(typed.get(name)))
        for name in typed
        if _shown(web.get(name)) != _shown(typed.get(name))
    )
    named = None if label is None else (label.zh, label.en)
    clashed = tuple(name for name, _web, _file in fields if clashes and name in clashes)
    shown = row.cells.get("id") or row.subject  # as the file shows it: a KPI code, not a key
    return Change(
        row.key,
        row.sheet,
        row.row,
        shown,
        fields,
        bool(clashed),
        named,
        clashed,
        reason=reason,
        changed_by=changed.changed_by if changed else "",
        changed_at=changed.changed_at if changed else "",
    )


def _plan_kpi(
    rubric: Rubric,
    row: FileRow,
    values: Mapping[str, object],
    years: tuple[Mapping[str, Decimal], Mapping[str, Decimal]],  # last year's; rcapp's counts
    exported: Mapping[str, str],
    plan: ImportPlan,
) -> None:
    last_year, counted = years
    spec = next((k for k in rubric.kpi_inputs if k.id == row.subject), None)
    if spec is None:
        return
    if _id_moved(row, "label", plan):
        return
    _warn_protected(row, "label", spec.label, plan)
    entry = KpiEntry(value=row.cells.get("value") or "", note=row.cells.get("note") or "")
    if spec.id in counted:  # rcapp's count: the value is kept as the KPI page keeps it
        kept = getattr(values.get(spec.id), "value", None)
        entry, ignored = system_entry(spec, entry, kept, counted[spec.id])
        if ignored:
            column = KPI_FIELD_COLUMN["value"]
            problem = FileProblem("system_value", row.sheet, row.row, column)
            plan.warnings.append(LocatedProblem(row.sheet, row.row, column, problem))
    checked, found, doubts = check_kpi_input(spec, entry, last_year.get(spec.id))
    # named by the input's label: its id is a key of the rubric, not a word users know
    plan.problems.extend(_locate(row, found, KPI_FIELD_COLUMN, spec.label))
    if found:
        return
    stored = values.get(spec.id)
    current = {
        "value": getattr(stored, "value", None),
        "note": getattr(stored, "note", None) or None,
    }
    typed = {"value": checked.get("value"), "note": checked.get("note")}
    web_print = _kpi_print(current)
    at_export = exported.get(row.key, web_print)
    if _kpi_print(typed) == web_print:
        return
    # A doubt about a value (a jump from last year) is for a value the file changes, not for
    # every row it holds: a row left as exported, or with only its note changed, is not doubted.
    doubted = _locate(row, doubts, KPI_FIELD_COLUMN, spec.label)
    if _kpi_print(typed) == at_export:  # untouched in the file, changed in the system since
        merge, reason = kept_since_export(current, typed), "kept"
        doubted = []
    elif web_print == at_export:
        plan.kpis[row.key] = entry
        plan.changes.append(planned_change(row, current, typed, label=spec.label))
        _warn_if_changed(current, typed, doubted, plan)
        return
    else:
        merge = merge_since_export(
            plan.history, spec.id, KPI_ACTIONS, (current, typed), _kpi_print, at_export
        )
        empty = _kpi_print({"value": None, "note": None})
        reason = _clash_reason(plan, at_export, empty)
    if merge is None:
        return
    plan.kpis[row.key] = kpi_entry(merge.merged)
    merged = plan_merged_change(plan, row, (current, merge), spec.label, reason)
    _warn_if_changed(current, merged, doubted, plan)


def plan_merged_change(
    plan: ImportPlan,
    row: FileRow,
    web_and_merge: tuple[Mapping[str, object], RowMerge],
    label: Text,
    reason: str,
) -> dict[str, object]:
    """Plan a KPI-like row merged with the web's (KPI and backfill sheets); return it merged."""
    current, merge = web_and_merge
    plan.clashes[row.key] = merge.clashes
    merged = {**merge.merged, **merge.clashes}
    plan.changes.append(
        planned_change(
            row, current, merged, merge.clashes, label=label, reason=reason, changed=merge
        )
    )
    return merged


def _warn_if_changed(
    web: Mapping[str, object],
    planned: Mapping[str, object],
    doubted: list[LocatedProblem],
    plan: ImportPlan,
) -> None:
    if _shown(web.get("value")) != _shown(planned.get("value")):
        plan.warnings.extend(doubted)


def _kpi_print(state: Mapping[str, object]) -> str:
    value = state["value"]
    return kpi_fingerprint(value if isinstance(value, Decimal) else None, _text(state["note"]))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _event_key(event_type: object, occurred_on: object, description: object) -> tuple[str, ...]:
    return (str(event_type), str(occurred_on), str(description or "").strip())


class _EventWords(NamedTuple):
    """Event types and grades by their labels in both languages (and their own codes)."""

    types: dict[str, str]
    grades: dict[str, str]
    # id → (zh, en): the preview names them in the page's language, whatever the file says
    type_labels: dict[str, tuple[str, str]]
    grade_labels: dict[str, tuple[str, str]]
    # a park's residents of the year by name (event_residents.resident_names); None for a
    # company, whose events name none: a 发生单位 cell in its file is not read
    residents: Mapping[str, int] | None = None


def _spaced(text: str) -> str:
    """Compare labels as shown: a line break or double space in a cell is one space."""
    return " ".join(text.split())


def _short_name(label: str) -> str:
    """Return a label's words before its first bracket: "生产安全事故（按…）" → "生产安全事故"."""
    return _spaced(label.split("（", 1)[0].split("(", 1)[0])


def _event_words(rubric: Rubric) -> _EventWords:
    """Map the labels the template's drop-downs list (both languages) and the codes to ids."""
    types = {t.id: t.id for t in rubric.event_types}
    # a label's short name, before its bracket ("生产安全事故"), where only one type has it
    short: dict[str, set[str]] = {}
    for event_type in rubric.event_types:
        for label in (event_type.label.zh, event_type.label.en):
            short.setdefault(_short_name(label), set()).add(event_type.id)
    types |= {name: ids.pop() for name, ids in short.items() if len(ids) == 1 and name}
    for event_type in rubric.event_types:
        types |= {_spaced(event_type.label.zh): event_type.id}
        types |= {_spaced(event_type.label.en): event_type.id}
    type_labels = {t.id: (t.label.zh, t.label.en) for t in rubric.event_types}
    return _EventWords(types, _grade_codes(), type_labels, _grade_labels())


def _plan_event(
    rubric: Rubric,
    words: _EventWords,
    row: FileRow,
    register_and_assessment: tuple[set[tuple[str, ...]], Assessment],
    plan: ImportPlan,
) -> None:
    registered, assessment = register_and_assessment
    year = assessment.cycle.year
    cells = dict(row.cells)
    resident = _resident_of(words, cells, row, plan)
    where = _unregistered_of(assessment, resident, cells, row, plan)
    types, grades = words.types, words.grades
    resolved = flag(cells.get("is_resolved"))
    typed_type = _spaced(cells.get("event_type") or "")
    typed = EventInput(
        event_type=types.get(typed_type, typed_type),
        grade=grades.get(cells.get("grade") or "", cells.get("grade") or ""),
        occurred_on=date_text(cells.get("occurred_on")) or "",
        fatalities=cells.get("fatalities") or "0",
        injuries=cells.get("injuries") or "0",
        direct_loss=cells.get("direct_loss") or "",
        description=cells.get("description") or "",
        is_resolved=bool(resolved),
        # a file has no tick to confirm a loss with: the preview warns of it instead
        loss_confirmed=cells.get("direct_loss") or "",
        resident=resident or "",
        resident_name=where.get("resident_name") or "",
        resident_credit_code=where.get("resident_credit_code") or "",
    )
    values, found = check_event(rubric, typed, local_today())
    plan.problems.extend(_locate(row, found, EVENT_FIELD_COLUMN))
    if not found and (doubt := loss_raises_grade(values)) is not None:
        plan.warnings.extend(_locate(row, [doubt], EVENT_FIELD_COLUMN))
    if resolved is None:
        plan.problems.append(
            LocatedProblem(
                row.sheet,
                row.row,
                "H",
                FileProblem("not_yes_no", params={"text": cells.get("is_resolved")}),
            )
        )
    if found or resolved is None or resident is None or where.get("refused"):
        return
    key = _event_key(values["event_type"], values["occurred_on"], values["description"])
    if key in registered:  # the same file uploaded again: the register has it already
        plan.warnings.append(
            LocatedProblem(row.sheet, row.row, "", FileProblem("event_registered"))
        )
        return
    registered.add(key)
    plan.events[row.key] = typed
    occurred = values["occurred_on"]
    # the date as read (2025-03-05, not a serial or 20250305); the resident as it is saved
    shown = {**cells, "occurred_on": occurred.isoformat(), **where}
    if outside_year(occurred, year):  # the events page's own hint (qa34 S14)
        params = {"date": occurred.isoformat(), "year": str(year)}
        problem = FileProblem("event_outside_year", params=params)
        plan.warnings.append(LocatedProblem(row.sheet, row.row, "C", problem))
    fields = tuple((name, "", text) for name, text in shown.items() if text)
    type_label = words.type_labels.get(str(values["event_type"]))
    grade_label = words.grade_labels.get(str(values.get("grade") or ""))
    said = (
        ("event_type", type_label),
        ("grade", grade_label),
        ("is_resolved", _yes_no(bool(resolved))),
    )
    plan.changes.append(
        Change(
            row.key,
            row.sheet,
            row.row,
            cells.get("event_type") or "",
            fields,
            label=type_label,
            words=tuple((name, *label) for name, label in said if label is not None),
        )
    )


def _resident_of(
    words: _EventWords, cells: dict[str, str | None], row: FileRow, plan: ImportPlan
) -> str | None:
    """Return the id of the resident the row names ("" the park itself), None if unknown.

    A company's row has no such column: whatever its column I holds is left out.
    """
    typed = _spaced(cells.get("resident") or "")
    if words.residents is None:
        cells.pop("resident", None)
        return ""
    if not typed:
        return ""
    found = words.residents.get(typed)
    if found is None:
        problem = Problem("event", "resident_id", "resident_name_unknown", {"text": typed})
        plan.problems.append(
            LocatedProblem(row.sheet, row.row, EVENT_FIELD_COLUMN["resident_id"], problem)
        )
        return None
    return str(found)


def _unregistered_of(
    assessment: Assessment,
    resident: str | None,
    cells: dict[str, str | None],
    row: FileRow,
    plan: ImportPlan,
) -> dict[str, str]:
    """Check a park row's unregistered resident (columns J, K) as the events page does.

    Return its name and code as they would be saved ("refused" set when they are not). A
    company's row has no such columns: what they hold is left out.
    """
    name, code = (cells.get(c) or "" for c in ("resident_name", "resident_credit_code"))
    if not takes_resident(assessment):
        cells.pop("resident_name", None)
        cells.pop("resident_credit_code", None)
        return {}
    if resident is None:  # column I named no resident: said already
        return {"refused": "1"}
    values, problems = check_where(assessment, resident, name, code)
    plan.problems.extend(_locate(row, problems, EVENT_FIELD_COLUMN))
    if problems:
        return {"refused": "1"}
    saved = {k: str(values[k] or "") for k in ("resident_name", "resident_credit_code")}
    return {k: v for k, v in saved.items() if v}


def _yes_no(value: bool) -> tuple[str, str]:
    """Yes or no in Chinese and English, as the preview shows a flag typed either way."""
    words = []
    for locale in ("zh_CN", "en"):
        with force_locale(locale):
            words.append(str(gettext("是") if value else gettext("否")))
    return words[0], words[1]


def _grade_labels() -> dict[str, tuple[str, str]]:
    """Each grade's label in Chinese and English, by its code."""
    from rcapp.assessments.forms import GRADE_LABELS

    labels: dict[str, list[str]] = {}
    for locale in ("zh_CN", "en"):
        with force_locale(locale):
            for grade, label in GRADE_LABELS.items():
                labels.setdefault(grade.value, []).append(str(label))
    return {code: (zh, en) for code, (zh, en) in labels.items()}


# The English grade words before they followed the rubric's ("General", "Larger"...): a
# template filled in English earlier still reads.
FORMER_GRADE_WORDS = {
    "Ordinary": "general",
    "Relatively serious": "larger",
    "Serious": "major",
    "Extraordinarily serious": "especially_major",
}


def _grade_codes() -> dict[str, str]:
    """Grade labels of both languages: a file may come from a page in the other language."""
    from rcapp.assessments.forms import GRADE_LABELS
    from rcapp.rubrics.model import EventGrade

    codes = {g.value: g.value for g in EventGrade} | FORMER_GRADE_WORDS
    for locale in ("zh_CN", "en"):
        with force_locale(locale):
            codes.update({str(label): grade.value for grade, label in GRADE_LABELS.items()})
    return codes
