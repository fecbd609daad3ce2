"""Stored rows as form data, and an item's bound fields for the templates."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from wtforms import Field

from rcapp.assessments.changes import ANSWER_FIELDS
from rcapp.assessments.event_checks import loss_raises_grade
from rcapp.assessments.event_residents import UNREGISTERED
from rcapp.assessments.forms import KPI_PARTS, PARTS, PREREQUISITE_PARTS, SECTION_KEY, key
from rcapp.assessments.messages import number_text
from rcapp.assessments.models import Event, KpiBackfill, KpiValue
from rcapp.assessments.queries import STORED_ANSWER_COLUMNS, StoredAnswer
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Rubric, Section
from rcapp.stale_forms import shown_json


def section_form_data(section: Section, answers: Mapping[str, StoredAnswer]) -> dict[str, Any]:
    """Turn the stored answers into form data, for showing the page before any edit.

    Each subject's `shown` field keeps what the page shows (stale_forms), so a save refused
    for someone else's change meanwhile can tell the user's changes from theirs.
    """
    data: dict[str, Any] = {}
    for stored_id, (version, shown, *parts) in _section_names(section):
        answer = answers.get(stored_id)
        data[version] = "0" if answer is None else str(answer.version)
        if answer is None:
            values = _BLANK
        else:
            values = stored_form_data({name: getattr(answer, name) for name in ANSWER_FIELDS})
            data.update((name, values[part]) for name, part in zip(parts, PARTS, strict=True))
        data[shown] = shown_json(
            {name: values.get(part) for name, part in zip(parts, PARTS, strict=True)}
        )
    return data


# The fields' data with nothing stored, as bound fields hold it (a checkbox: unticked).
_BLANK: dict[str, Any] = {"na": False}
# The stored columns each form field shows; `stored_form_data` turns one into the other.
_COLUMNS = {"level": "level", "value": "value", "na": "is_na", "na_reason": "na_reason"}
_COLUMNS |= {"evidence_note": "evidence_note", "comment": "comment", "note": "note"}


def stored_form_data(current: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a stored row's values (a Conflict's `current`) into form data, by field part."""
    data: dict[str, Any] = {}
    for part, column in _COLUMNS.items():
        if column not in current:
            continue
        value = current[column]
        if part == "na":
            data[part] = bool(value)
        elif part == "level":
            data[part] = None if value is None else str(value)
        elif part == "value":
            data[part] = None if value is None else number_text(value)
        else:
            data[part] = value or ""
    return data


_ANSWER_PARTS = ("version", "shown", *PARTS)
# Each shown section's field names, per parsed section (a page's some 280 names).
_names: PerObject[Section, list[tuple[str, tuple[str, ...]]]] = PerObject(size=512)


def _section_names(section: Section) -> list[tuple[str, tuple[str, ...]]]:
    """Return each stored answer id of the section with its form field names, in order."""

    def build() -> list[tuple[str, tuple[str, ...]]]:
        subjects = [(item.id, item.id) for element in section.elements for item in element.items]
        subjects.append((SECTION_KEY, section.id))
        return [
            (stored_id, tuple(key(subject, part) for part in _ANSWER_PARTS))
            for subject, stored_id in subjects
        ]

    return _names.get(section, "names", build)


class ShownSectionData(Mapping[str, Any]):
    """A section's stored answers as form data, worked out only when first read.

    A section page whose form body is kept (fragments.answers_body) reads none of it: the
    body's key is `key()`, the stored rows themselves.
    """

    def __init__(self, section: Section, answers: Mapping[str, StoredAnswer]) -> None:
        self._section = section
        self._answers = answers

    @cached_property
    def _data(self) -> dict[str, Any]:
        return section_form_data(self._section, self._answers)

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def key(self) -> Hashable:
        """Return everything `section_form_data` reads of the stored answers, hashable.

        The rows themselves (queries.STORED_ANSWER_COLUMNS, by item id) and each number's
        text: equal numbers show the same text, except a negative zero.
        """
        rows: list[tuple[str, Any]] = sorted(self._answers.items())  # Row objects: tuples
        numbers = tuple(None if row[_VALUE] is None else str(row[_VALUE]) for _, row in rows)
        # Plain tuples: a kept page's key is compared on every request, and Row's
        # comparison runs in Python.
        return tuple((item_id, tuple(row)) for item_id, row in rows), numbers


# Where the number is in a stored answer's row (its columns: queries.STORED_ANSWER_COLUMNS).
_VALUE = [column.key for column in STORED_ANSWER_COLUMNS].index("value")


def prerequisites_form_data(rubric: Rubric, answers: Mapping[str, StoredAnswer]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prerequisite in rubric.prerequisites:
        answer = answers.get(prerequisite.id)
        data[key(prerequisite.id, "version")] = "0" if answer is None else str(answer.version)
        names = {part: key(prerequisite.id, part) for part in PREREQUISITE_PARTS}
        if answer is not None:
            stored = stored_form_data({"level": answer.level, "comment": answer.comment})
            data.update((name, stored[part]) for part, name in names.items())
        data[key(prerequisite.id, "shown")] = shown_json({n: data.get(n) for n in names.values()})
    return data


def kpi_form_data(
    rubric: Rubric, values: Mapping[str, KpiValue] | Mapping[str, KpiBackfill]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for kpi_input in rubric.kpi_inputs:
        row = values.get(kpi_input.id)
        data[key(kpi_input.id, "version")] = "0" if row is None else str(row.version)
        names = {part: key(kpi_input.id, part) for part in KPI_PARTS}
        if row is not None:
            stored = stored_form_data({"value": row.value, "note": row.note})
            data.update((name, stored[part]) for part, name in names.items())
        data[key(kpi_input.id, "shown")] = shown_json({n: data.get(n) for n in names.values()})
    return data


def event_form_data(event: Event) -> dict[str, Any]:
    loss = "" if event.direct_loss_10k_yuan is None else number_text(event.direct_loss_10k_yuan)
    stored = {
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "direct_loss_10k_yuan": event.direct_loss_10k_yuan,
    }
    return {
        "event_type": event.event_type,
        "grade": event.grade or "",
        "occurred_on": event.occurred_on.isoformat(),
        "fatalities": str(event.fatalities),
        "injuries": str(event.injuries),
        "direct_loss": loss,
        # a stored loss that raises the grade was confirmed when saved: not asked again
        "loss_confirmed": loss if loss_raises_grade(stored) else "",
        "description": event.description,
        "is_resolved": event.is_resolved,
        "resident": _resident_choice(event),
        "resident_name": event.resident_name or "",
        "resident_credit_code": event.resident_credit_code or "",
        "version": str(event.version),
    }


def _resident_choice(event: Event) -> str:
    """Return the resident list's value for a stored event (event_residents.check_where)."""
    if event.resident_id is not None:
        return str(event.resident_id)
    return UNREGISTERED if event.resident_name else ""


@dataclass(frozen=True)
class ItemFields:
    """The bound fields of one item, for the template."""

    level: Field | None
    value: Field | None
    na: Field | None
    na_reason: Field | None
    evidence_note: Field | None
    comment: Field | None
    version: Field | None
    shown: Field | None  # what the page shows of the answer (stale_forms.shown_values)


class HasFields(Protocol):
    """A bound form, or the stored answers as shown (`shown_form.ShownForm`)."""

    def field_for(self, subject: str, part: str) -> Any: ...


def item_fields(form: HasFields, subject: str) -> ItemFields:
    return ItemFields(*(form.field_for(subject, part) for part in (*PARTS, "version", "shown")))
