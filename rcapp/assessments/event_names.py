"""Names of the event types an organisation's register holds, for an assessment's pages.

The register spans the organisation's years, and a rubric version may lack a type a later
one added (rc-company@2's process_safety_event): such an event is named from the rubric
version that defines it, or by a plain label, never by its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rcapp.assessments import queries
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import Rubric

Names = tuple[str, str]  # (short, full): see type_names


def event_type_names(
    assessment: Assessment,
    rubric: Rubric,
    type_ids: Iterable[str],
    lang: str,
    split: Callable[[str], Names],
) -> tuple[dict[str, Names], frozenset[str]]:
    """Return the names of the types, by id, and the ids this rubric version lacks."""
    names = {t.id: split(t.label.get(lang)) for t in rubric.event_types}
    lacking = frozenset(type_ids) - names.keys()
    if lacking:
        for other in queries.assessments_of(assessment.organisation):  # newest first
            try:
                defined = queries.rubric_of(other).event_types
            except RubricError:
                continue  # a version no longer on disk names nothing
            for event_type in defined:
                if event_type.id in lacking and event_type.id not in names:
                    names[event_type.id] = split(event_type.label.get(lang))
        plain = _("其他事件类型")
        names.update(dict.fromkeys(lacking - names.keys(), (plain, plain)))
    return names, lacking


def type_names(label: str) -> tuple[str, str]:
    """Return (short, full) names of an event type: the label without its closing bracket.

    "生产安全事故（按《…》（国务院令第493号）分级）" fills a table column; the table shows
    "生产安全事故" and keeps the full label as its tooltip. A label that does not end in a
    bracket is short already.
    """
    pairs = {"）": "（", ")": "("}
    text = label.strip()
    if not text or text[-1] not in pairs:
        return label, label
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in pairs:
            depth += 1
        elif char in pairs.values():
            depth -= 1
            if depth == 0:
                short = text[:index].strip()
                return (short or label), label
    return label, label
