"""The resident company a park's event happened at: the choices, and the check of one chosen.

Most events in a chemical park happen at one of its residents; the board asks which. A
park's event may name one of its residents registered in rcapp for the assessment's year
(a closed year: as the close kept them); empty is the park itself. A company's events are
its own and name none: it has no residents, so any id it sends is refused.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import Problem
from rcapp.cycles.closed_parks import in_park
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind

FIELD = "resident_id"


def residents_in(organisation: Organisation, cycle: ReportingCycle | None) -> list[Organisation]:
    """Return the park's resident companies in `cycle` (None: today), as the lists order them.

    Empty for a company.
    """
    if organisation.kind is not OrganisationKind.PARK:
        return []
    statement = select(Organisation).where(
        Organisation.kind == OrganisationKind.COMPANY, in_park(organisation.id, cycle)
    )
    return list(
        db.session().scalars(statement.order_by(Organisation.name_sort, Organisation.name_zh))
    )


def takes_resident(assessment: Assessment) -> bool:
    """Whether the assessment's events may name a resident: a park's do, a company's never."""
    return assessment.organisation.kind is OrganisationKind.PARK


def resident_choices(
    assessment: Assessment, kept: Organisation | None = None
) -> list[Organisation]:
    """Return the residents an event of `assessment` may name; `kept`, the one it names, too.

    A company that left the park since the event was saved stays its choice: saving the
    event again does not silently untie it.
    """
    found = residents_in(assessment.organisation, assessment.cycle)
    if kept is not None and all(o.id != kept.id for o in found):
        found.append(kept)
    return found


def check_resident(
    assessment: Assessment, typed: str, kept: int | None = None
) -> tuple[int | None, Problem | None]:
    """Return (the resident's id, None) or (None, the problem); empty is the park itself.

    `typed` is the id as the form sends it; one not among the park's residents (a forged
    id, another park's company, anything from a company's form) is refused.
    """
    text = typed.strip()
    if not text:
        return None, None
    allowed = {o.id for o in residents_in(assessment.organisation, assessment.cycle)}
    if kept is not None:
        allowed.add(kept)
    if text.isdigit() and int(text) in allowed:
        return int(text), None
    return None, Problem("event", FIELD, "resident_unknown")


def resident_names(residents: list[Organisation]) -> dict[str, int]:
    """Each resident by its names as the residents page writes them (Chinese and English).

    A name two residents share (in either language) names neither: it is left out.
    """
    seen: dict[str, set[int]] = {}
    for organisation in residents:
        for name in (organisation.name_zh, organisation.name_en):
            if name and name.strip():
                seen.setdefault(" ".join(name.split()), set()).add(organisation.id)
    return {name: ids.pop() for name, ids in seen.items() if len(ids) == 1}
