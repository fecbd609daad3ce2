"""Answers copied from last year and not yet reviewed, counted per part of the assessment.

Copy from last year (carry_over) marks each copied answer with its year until its page is
saved. The overview counts what is still marked, per section (and the prerequisites), so
that last year's answers are not submitted unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from rcapp.rubrics.model import Rubric, Section


class CopiedMark(Protocol):
    @property
    def copied_from_year(self) -> int | None: ...


@dataclass(frozen=True)
class CopiedPart:
    section: Section | None  # None: the prerequisites
    count: int
    first_id: str  # the first marked item (or prerequisite), to link to


def unreviewed_copies(rubric: Rubric, answers: Mapping[str, CopiedMark]) -> list[CopiedPart]:
    """Return the parts holding copied answers not yet reviewed, in rubric order."""

    def marked(ids: list[str]) -> list[str]:
        return [i for i in ids if i in answers and answers[i].copied_from_year is not None]

    parts = []
    for section in rubric.sections:
        ids = marked([item.id for element in section.elements for item in element.items])
        if ids:
            parts.append(CopiedPart(section, len(ids), ids[0]))
    prerequisites = marked([p.id for p in rubric.prerequisites])
    if prerequisites:
        parts.append(CopiedPart(None, len(prerequisites), prerequisites[0]))
    return parts
