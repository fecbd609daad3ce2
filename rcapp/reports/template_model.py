"""The offline assessment template as plain data, its fixed layout, and row fingerprints.

Pure (no Flask, no database): data_template.py fills it from the database, template_xlsx.py
writes it, template_read.py reads a filled file back into the same terms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

FORMAT = "rcapp-template/1"
META_SHEET = "_rcapp"  # very hidden: identifiers and the fingerprints at export
LISTS_SHEET = "_lists"  # very hidden: the choices of the longer drop-downs, one column each
# The identifier of a blank template tied to no assessment yet (data_blank_template.py): it
# names no assessment or year, and goes into its organisation's assessment of its rubric.
UNATTACHED = "unattached"
KPI_SHEET_KEY = "KPI"
PREREQ_SHEET_KEY = "PREREQ"
EVENTS_SHEET_KEY = "EVENTS"
# Earlier years' core KPI inputs (补录), only where the web page offers them (kpi_backfill.py)
BACKFILL_SHEET_KEY = "BACKFILL"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
EVENT_BLANK_ROWS = 20
# A registered event's cell on the 事件 sheet: text, a count, a loss in 万元, or empty.
EventCell = str | int | Decimal | None

# Answer sheets (sections and prerequisites): one column per field, fixed letters.
ANSWER_COLUMNS = (
    "id",
    "element",
    "prompt",
    "guidance",
    "answer",
    "na",
    "na_reason",
    "evidence_note",
    "comment",
    "range",
)
KPI_COLUMNS = ("id", "label", "unit", "range", "value", "note")
# The backfill sheet: a KPI row of an earlier year, the year first (a row is year + code).
BACKFILL_COLUMNS = ("year", *KPI_COLUMNS)
EVENT_COLUMNS = (
    "event_type",
    "grade",
    "occurred_on",
    "fatalities",
    "injuries",
    "direct_loss",
    "description",
    "is_resolved",
    # a park's event: the resident company where it happened, by name (column I); a
    # company's sheet stops before it (event_columns)
    "resident",
    # ... or a resident not registered in rcapp, by the name the park types (J) and its
    # optional unified social credit code (K): event_residents.check_where's rule
    "resident_name",
    "resident_credit_code",
)
# The park's columns: a company's 事件 sheet, and a park's of an older template, lack them.
RESIDENT_COLUMNS = ("resident", "resident_name", "resident_credit_code")
# Written in the 不适用 cell of an item that does not allow N/A (locked, grey): read as blank.
NOT_OFFERED = "—"
INPUT_FIELDS = frozenset(
    {"answer", "na", "na_reason", "evidence_note", "comment", "value", "note", *EVENT_COLUMNS}
)


def event_columns(with_resident: bool) -> tuple[str, ...]:
    """Return the 事件 sheet's columns: a park's name the resident where each event happened."""
    return EVENT_COLUMNS if with_resident else EVENT_COLUMNS[: -len(RESIDENT_COLUMNS)]


def column_letter(columns: tuple[str, ...], name: str) -> str:
    return chr(ord("A") + columns.index(name))


def columns_of(sheet_key: str) -> tuple[str, ...]:
    """Return the columns of a sheet by its key (a park's 事件 sheet: all of them)."""
    return {
        KPI_SHEET_KEY: KPI_COLUMNS,
        BACKFILL_SHEET_KEY: BACKFILL_COLUMNS,
        EVENTS_SHEET_KEY: EVENT_COLUMNS,
    }.get(sheet_key, ANSWER_COLUMNS)


def column_named(sheet_key: str, letter: str) -> str:
    """Return the name of a sheet's column by its letter ("F" → "na"); "" past its columns."""
    columns = columns_of(sheet_key)
    index = ord(letter) - ord("A") if len(letter) == 1 else -1
    return columns[index] if 0 <= index < len(columns) else ""


@dataclass(frozen=True)
class AnswerRow:
    """One item (or a whole section's N/A, or a prerequisite) as shown in the template."""

    subject: str
    kind: str  # "item", "section_na" or "prerequisite"
    element: str
    prompt: str
    guidance: str
    choices: tuple[str, ...]  # drop-down values; empty for a number item
    number: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    range_text: str = ""
    unit: str = ""  # a number item's unit, shown in its cell after the number ("2 %")
    entry_hint: str = ""  # shown when its cell is selected (a percentage item: not a level)
    na_allowed: bool = False
    level: int | None = None
    value: Decimal | None = None
    is_na: bool = False
    na_reason: str = ""
    evidence_note: str = ""
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        return answer_fingerprint(
            self.level, self.value, self.is_na, self.na_reason, self.evidence_note, self.comment
        )


@dataclass(frozen=True)
class AnswerSheet:
    key: str  # section id, or PREREQ_SHEET_KEY
    title: str  # the sheet's name in the file
    heading: str
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class KpiRow:
    input_id: str
    code: str  # shown in the 编号 column (rcapp.rubrics.input_codes); the meta sheet maps it
    label: str
    unit: str
    range_text: str
    minimum: Decimal
    maximum: Decimal | None
    integer: bool
    value: Decimal | None = None
    note: str = ""
    # An input rcapp computes (a park's three-star residents): what the row says of it, and
    # rcapp's figure when it has one, shown in a locked value cell as the KPI page shows it
    # (the typed `value` is kept, never counted, and stays the row's fingerprint).
    system_note: str = ""
    system_value: Decimal | None = None
    # Last year's figure, as the KPI page's 上年 column shows it: read only, never imported.
    last_year: Decimal | None = None

    @property
    def fingerprint(self) -> str:
        return kpi_fingerprint(self.value, self.note)

    @property
    def is_system(self) -> bool:
        return self.system_value is not None


@dataclass(frozen=True)
class BackfillRow:
    """One core KPI input of an earlier year, as the 往年数据（补录） page shows it."""

    year: int
    kpi: KpiRow
    # entered with an earlier year's assessment: shown locked, as the page shows it
    fixed_note: str = ""

    @property
    def subject(self) -> str:
        return backfill_subject(self.year, self.kpi.input_id)


def backfill_subject(year: int | str, input_id: str) -> str:
    """Key a backfill row by its year and input: "2024:hours_employees"."""
    return f"{year}:{input_id}"


@dataclass(frozen=True)
class TemplateData:
    lang: str
    identifiers: Mapping[
        str, str
    ]  # format, assessment, organisation, cycle, rubric id/version/hash
    title: str
    instructions: tuple[str, ...]
    labels: Mapping[str, str]  # column headers and sheet titles, in the user's language
    yes: str
    no: str
    answer_sheets: tuple[AnswerSheet, ...]
    kpis: tuple[KpiRow, ...]
    event_types: tuple[tuple[str, str], ...]  # (id, label)
    grades: tuple[tuple[str, str], ...]  # (value, label)
    grade_hint: str  # which event types take a grade, beside the grade drop-down
    events: tuple[tuple[EventCell, ...], ...] = field(default_factory=tuple)  # existing, read-only
    # a park's residents of the year by name, the 发生单位 drop-down; None for a company,
    # whose sheet has no such column
    residents: tuple[str, ...] | None = None
    # shown first on the instructions sheet: a blank template tied to no assessment says so
    notice: str = ""
    # The header of the KPI sheet's 上年 column, after the imported ones (QA58 8): none for
    # a template tied to no assessment, which has no last year.
    last_year_header: str = ""
    # the earlier years' rows (补录); none when the assessment may backfill no year
    backfill: tuple[BackfillRow, ...] = ()


def _digest(parts: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def number_key(value: Decimal | None) -> str:
    if value is None:
        return ""
    normal = value.normalize()
    return f"{normal:f}"


def answer_fingerprint(
    level: int | None,
    value: Decimal | None,
    is_na: bool,
    na_reason: str | None,
    evidence_note: str | None,
    comment: str | None,
) -> str:
    """Hash an answer's content briefly; equal content gives an equal fingerprint."""
    return _digest(
        (
            "" if level is None else str(level),
            number_key(value),
            "1" if is_na else "0",
            (na_reason or "").strip(),
            (evidence_note or "").strip(),
            (comment or "").strip(),
        )
    )


def kpi_fingerprint(value: Decimal | None, note: str | None) -> str:
    return _digest((number_key(value), (note or "").strip()))


def event_fingerprint(cells: tuple[object, ...]) -> str:
    """Hash a registered event's row on the 事件 sheet, as written or as read back.

    Numbers compare by value (a loss written as Decimal 1.50 reads back as the float 1.5),
    text without its outer spaces; empty cells at the row's end do not count (a company's
    sheet is narrower than the columns read).
    """
    parts = [_cell_key(cell) for cell in cells]
    while parts and not parts[-1]:
        parts.pop()
    return _digest(tuple(parts))


def _cell_key(cell: object) -> str:
    if cell is None or isinstance(cell, bool):
        return "" if cell is None else str(int(cell))
    if isinstance(cell, int | float | Decimal):
        return number_key(Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell))
    return str(cell).strip()
