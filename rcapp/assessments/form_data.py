"""Stored rows as form data, and an item's bound fields for the templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from wtforms import Field

from rcapp.assessments.forms import PARTS, SECTION_KEY, key
from rcapp.assessments.messages import number_text
from rcapp.assessments.models import Event, KpiValue
from rcapp.assessments.queries import StoredAnswer
from rcapp.rubrics.model import Rubric, Section


def section_form_data(section: Section, answers: Mapping[str, StoredAnswer]) -> dict[str, Any]:
    """Turn the stored answers into form data, for showing the page before any edit."""
    data: dict[str, Any] = {}
    subjects = [(item.id, item.id) for element in section.elements for item in element.items]
    subjects.append((SECTION_KEY, section.id))
    for subject, stored_id in subjects:
        answer = answers.get(stored_id)
        data[key(subject, "version")] = "0" if answer is None else str(answer.version)
        if answer is None:
            continue
        data[key(subject, "level")] = None if answer.level is None else str(answer.level)
        data[key(subject, "value")] = None if answer.value is None else number_text(answer.value)
        data[key(subject, "na")] = answer.is_na
        data[key(subject, "na_reason")] = answer.na_reason or ""
        data[key(subject, "evidence_note")] = answer.evidence_note or ""
        data[key(subject, "comment")] = answer.comment or ""
    return data


def prerequisites_form_data(rubric: Rubric, answers: Mapping[str, StoredAnswer]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prerequisite in rubric.prerequisites:
        answer = answers.get(prerequisite.id)
        data[key(prerequisite.id, "version")] = "0" if answer is None else str(answer.version)
        if answer is not None:
            data[key(prerequisite.id, "level")] = (
                None if answer.level is None else str(answer.level)
            )
            data[key(prerequisite.id, "comment")] = answer.comment or ""
    return data


def kpi_form_data(rubric: Rubric, values: Mapping[str, KpiValue]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for kpi_input in rubric.kpi_inputs:
        row = values.get(kpi_input.id)
        data[key(kpi_input.id, "version")] = "0" if row is None else str(row.version)
        if row is not None:
            data[key(kpi_input.id, "value")] = number_text(row.value)
            data[key(kpi_input.id, "note")] = row.note or ""
    return data


def event_form_data(event: Event) -> dict[str, Any]:
    return {
        "event_type": event.event_type,
        "grade": event.grade or "",
        "occurred_on": event.occurred_on.isoformat(),
        "fatalities": str(event.fatalities),
        "injuries": str(event.injuries),
        "direct_loss": ""
        if event.direct_loss_10k_yuan is None
        else number_text(event.direct_loss_10k_yuan),
        "description": event.description,
        "is_resolved": event.is_resolved,
        "version": str(event.version),
    }


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


class HasFields(Protocol):
    """A bound form, or the stored answers as shown (`shown_form.ShownForm`)."""

    def field_for(self, subject: str, part: str) -> Any: ...


def item_fields(form: HasFields, subject: str) -> ItemFields:
    return ItemFields(*(form.field_for(subject, part) for part in (*PARTS, "version")))
