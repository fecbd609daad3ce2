"""What looks copied from last year: answers not yet reviewed, KPI data, an emptied register.

Copy from last year (carry_over) marks each copied answer with its year until its page is
saved. The overview counts what is still marked, per section (and the prerequisites), so
that last year's answers are not submitted unnoticed. KPI data and events carry no mark:
the reviewers are told when the core figures are last year's again, or when the events
register is empty after a year with events (review pages, reviews.resubmitted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from rcapp.rubrics.formula import parse_formula
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


# "Most" core inputs unchanged: at least this share of those compared, and this many.
SAME_SHARE = Fraction(2, 3)
SAME_AT_LEAST = 3


@dataclass(frozen=True)
class SameKpiData:
    """Core KPI inputs whose figure this year is last year's, to the digit."""

    same: tuple[str, ...]  # input ids, in rubric order
    compared: int  # core inputs with a figure other than 0 in both years

    @property
    def all_same(self) -> bool:
        return len(self.same) == self.compared


def same_kpi_data(
    rubric: Rubric, this_year: Mapping[str, Decimal], last_year: Mapping[str, Decimal]
) -> SameKpiData | None:
    """Return the core inputs unchanged from last year when all or most are, else None.

    Figures typed afresh differ a little from year to year (hours worked, energy, output);
    the same figures again mean last year's data were copied. A 0 in both years is left
    out: no Tier-1 event two years running is common and says nothing.
    """
    core = {name for kpi in rubric.kpis if kpi.core for name in parse_formula(kpi.formula).names}
    compared = [
        kpi_input.id
        for kpi_input in rubric.kpi_inputs
        if kpi_input.id in core and this_year.get(kpi_input.id) and last_year.get(kpi_input.id)
    ]
    same = tuple(name for name in compared if this_year[name] == last_year[name])
    if len(same) < SAME_AT_LEAST or len(same) < SAME_SHARE * len(compared):
        return None
    return SameKpiData(same, len(compared))


def events_gone(events_this_year: int, events_last_year: int) -> int | None:
    """Return last year's number of events when this year's register is empty, else None."""
    return events_last_year if events_this_year == 0 and events_last_year > 0 else None
