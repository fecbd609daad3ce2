"""Which cells of an imported row the file changed, judged against the row as it was exported.

The template keeps one fingerprint per row. When the web changed the row since the export,
the row's saved changes (the audit log) are walked back from what is stored now to the state
with that fingerprint: the row as exported, cell by cell. A cell the file left as exported
(a comment blank then, added on the web since) is no change of the file and keeps the web's
value; a cell only the file changed is taken from the file; a cell both changed differently
is a clash the user decides on, cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import before_of, recent_changes, recent_changes_by_field
from rcapp.reports.template_model import (
    UNATTACHED,
    answer_fingerprint,
    kpi_fingerprint,
    number_key,
)
from rcapp.reports.template_read import ParsedTemplate

State = dict[str, Any]
HISTORY_LIMIT = 200  # saves of one row walked back at most; older exports clash as a whole
ANSWER_ACTIONS = ("answer.update",)
KPI_ACTIONS = ("kpi.set", "kpi.remove")


def same(a: object, b: object) -> bool:
    """Compare two cell values as the fingerprints do: blank is blank, 1.50 is 1.5."""
    return _key(a) == _key(b)


def _key(value: object) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, Decimal):
        return number_key(value)
    return str(value).strip()


@dataclass(frozen=True)
class RowMerge:
    """A merged row: what to write, and the cells the user decides on.

    `merged` is the row to write unless the user decides otherwise; `clashes` holds the
    file's value of each cell both sides changed differently (the web's is in `merged`).
    """

    merged: State
    clashes: dict[str, Any]
    # who saved the row last on the web and when (UTC, ISO): a conflict names them, as the
    # web pages' own conflict notes do; empty when the audit names nobody
    changed_by: str = ""
    changed_at: str = ""


def merge_row(exported: State | None, web: State, file: State) -> RowMerge:
    """Merge the file's row into the web's; without the exported row every difference clashes."""
    merged, clashes = dict(web), {}
    for name, value in file.items():
        if same(value, web.get(name)):
            continue
        if exported is not None and same(value, exported.get(name)):
            continue  # the file did not change this cell: the web's value stands
        if exported is not None and same(web.get(name), exported.get(name)):
            merged[name] = value  # only the file changed it
        else:
            clashes[name] = value
    return RowMerge(merged, clashes)


class SavedHistory:
    """The saves of an imported file's rows, read from the audit log once per kind of row.

    A preview walks back each row the web changed since the export (a blank template's
    rows: every answered one); one query per row was most of a preview's database time
    (docs/performance.md). The first row of a kind (answers, KPI inputs, backfills: their
    `actions`) reads the saves of every subject the file names.
    """

    def __init__(self, assessment_id: int, subjects: Collection[str]) -> None:
        self.assessment_id = assessment_id
        self.subjects = frozenset(subjects)
        self._read: dict[tuple[str, ...], dict[str, list[AuditEntry]]] = {}

    def entries(self, subject: str, actions: tuple[str, ...]) -> list[AuditEntry]:
        """Return the newest `actions` on one row's subject, newest first."""
        if actions not in self._read:
            self._read[actions] = recent_changes_by_field(
                "assessment", self.assessment_id, self.subjects, actions, HISTORY_LIMIT
            )
        found = self._read[actions].get(subject)
        if found is None:  # a subject the file was not known to name: read on its own
            return recent_changes("assessment", self.assessment_id, subject, actions, HISTORY_LIMIT)
        return found


def merge_since_export(
    history: SavedHistory,
    subject: str,
    actions: tuple[str, ...],
    web_and_file: tuple[State, State],
    fingerprint: Callable[[State], str],
    at_export: str,
    of_row: Callable[[AuditEntry], bool] | None = None,
) -> RowMerge | None:
    """Merge a row the web changed since the export; None: the file changes nothing more."""
    web, file = web_and_file
    entries = row_changes(history, subject, actions, of_row)
    befores = saved_befores(entries, ("value",))
    merge = merge_row(exported_state(web, befores, fingerprint, at_export), web, file)
    if not merge.clashes and all(same(v, web.get(k)) for k, v in merge.merged.items()):
        return None
    if not entries:
        return merge
    last = entries[0]
    return replace(merge, changed_by=last.actor_name or "", changed_at=last.at.isoformat())


def kept_since_export(web: State, file: State) -> RowMerge | None:
    """Offer the file's filled cells of a row it left as exported, which the system changed.

    The system's values stand; each cell the file fills differently is a clash the user may
    take (restoring from an older file). A cell blank in the file is not offered: it would
    only erase what was typed since. None: nothing to offer.
    """
    clashes = {
        name: value
        for name, value in file.items()
        if not same(value, None) and not same(value, web.get(name))
    }
    return RowMerge(dict(web), clashes) if clashes else None


def is_blank_file(parsed: ParsedTemplate) -> bool:
    """Whether the file is a blank template: marked so, or every row empty at export."""
    ids = parsed.identifiers
    if ids.get(UNATTACHED) == "1" or ids.get("prefill") == "0":
        return True
    if ids.get("prefill") == "1":
        return False
    empty = {
        answer_fingerprint(None, None, False, "", "", ""),
        kpi_fingerprint(None, ""),
    }
    return bool(parsed.fingerprints) and set(parsed.fingerprints.values()) <= empty


def answer_input(state: Mapping[str, Any]) -> ItemInput:
    """Type a merged answer back as the form would have sent it."""
    level, value = state.get("level"), state.get("value")
    return ItemInput(
        level=None if level is None else str(level),
        value=None if value is None else number_key(value),
        is_na=bool(state.get("is_na")),
        na_reason=_blank(state.get("na_reason")),
        evidence_note=_blank(state.get("evidence_note")),
        comment=_blank(state.get("comment")),
    )


def kpi_entry(state: Mapping[str, Any]) -> KpiEntry:
    value = state.get("value")
    return KpiEntry(
        value="" if value is None else number_key(value), note=_blank(state.get("note"))
    )


def answer_with(typed: ItemInput, clashes: Mapping[str, Any], names: Iterable[str]) -> ItemInput:
    """Return the answer to write with the file's value in each clashing cell the user chose."""
    chosen = {name: clashes[name] for name in names if name in clashes}
    if not chosen:
        return typed
    return answer_input(answer_state(typed) | chosen)


def answer_state(typed: ItemInput) -> State:
    """Read a typed answer back as cell values (numbers as Decimal)."""
    return {
        "level": typed.level,
        "value": _number(typed.value),
        "is_na": typed.is_na,
        "na_reason": typed.na_reason,
        "evidence_note": typed.evidence_note,
        "comment": typed.comment,
    }


def kpi_with(entry: KpiEntry, clashes: Mapping[str, Any], names: Iterable[str]) -> KpiEntry:
    """Return the KPI value to write with the file's value in each clashing cell chosen."""
    chosen = {name: clashes[name] for name in names if name in clashes}
    if not chosen:
        return entry
    return kpi_entry({"value": _number(entry.value), "note": entry.note} | chosen)


def _blank(value: Any) -> str:
    return "" if value is None else str(value)


def exported_state(
    current: State,
    befores: Iterable[Mapping[str, Any] | None],
    fingerprint: Callable[[State], str],
    at_export: str,
) -> State | None:
    """Walk the row back through its saves (`befores`, newest first) to the exported state.

    A None before is the row's creation: before it the row was blank. None: not found.
    """
    state = dict(current)
    blank: State = dict.fromkeys(current)
    for before in befores:
        state = dict(blank) if before is None else {**state, **before}
        if fingerprint(state) == at_export:
            return state
    return None


def row_changes(
    history: SavedHistory,
    subject: str,
    actions: tuple[str, ...],
    of_row: Callable[[AuditEntry], bool] | None = None,
) -> list[AuditEntry]:
    """Return the saves of one row, newest first.

    `of_row` keeps the entries of the row where `subject` names several (a backfilled
    input of each earlier year).
    """
    entries = history.entries(subject, actions)
    return [entry for entry in entries if of_row is None or of_row(entry)]


def saved_befores(
    entries: Iterable[AuditEntry], numbers: tuple[str, ...]
) -> list[Mapping[str, Any] | None]:
    """Return the `before` of each save (`entries`, newest first), numbers as Decimal."""
    found: list[Mapping[str, Any] | None] = []
    for entry in entries:
        before = before_of(entry)
        if isinstance(before, dict):
            before = {k: _number(v) if k in numbers else v for k, v in before.items()}
        found.append(before if isinstance(before, dict) else None)
    return found


def _number(value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return value
