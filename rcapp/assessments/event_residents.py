"""The resident company a park's event happened at: the choices, and the check of one chosen.

Most events in a chemical park happen at one of its residents; the board asks which. A
park's event may name one of its residents registered in rcapp for the assessment's year
(a closed year: as the close kept them), or a resident not registered in rcapp by the name
the park types and an optional unified social credit code; neither is the park itself. A
company's events are its own and name none: it has no residents, so anything it sends is
refused. Who the event happened at only labels it: the park's vetoes read its events alike.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import Problem
from rcapp.cycles.closed_parks import in_park
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.credit_code import find_problem, normalise_credit_code
from rcapp.organisations.models import Organisation, OrganisationKind

FIELD = "resident_id"
NAME_FIELD = "resident_name"
CODE_FIELD = "resident_credit_code"
# The resident choice that says "a company not registered in rcapp, named below".
UNREGISTERED = "unregistered"


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


def check_where(
    assessment: Assessment, choice: str, name: str, code: str, kept: int | None = None
) -> tuple[dict[str, int | str | None], list[Problem]]:
    """Return the event's resident columns from what was typed, or the problems.

    `choice` is the list's value: "" the park itself, a registered resident's id, or
    UNREGISTERED; a typed `name` (with an optional credit `code`) names a resident not
    registered in rcapp. A name typed beside a registered resident, a code without a name,
    a wrong code, or a name or code of a registered resident (chosen from the list
    instead, so the board counts it once) is refused.
    """
    name, code = " ".join(name.split()), normalise_credit_code(code)
    values: dict[str, int | str | None] = {FIELD: None, NAME_FIELD: None, CODE_FIELD: None}
    if choice.strip() not in ("", UNREGISTERED):
        values[FIELD], wrong = check_resident(assessment, choice, kept)
        both = name or code
        problems = [p for p in (wrong,) if p is not None]
        if both:
            problems.append(Problem("event", NAME_FIELD, "resident_both"))
        return values, problems
    if not name and not code:
        missing = choice.strip() == UNREGISTERED
        return values, [Problem("event", NAME_FIELD, "resident_name_missing")] if missing else []
    if not takes_resident(assessment):
        return values, [Problem("event", FIELD, "resident_unknown")]
    problems = _typed_problems(assessment, name, code)
    if not problems:
        values[NAME_FIELD], values[CODE_FIELD] = name, code or None
    return values, problems


def _typed_problems(assessment: Assessment, name: str, code: str) -> list[Problem]:
    problems: list[Problem] = []
    if not name:
        problems.append(Problem("event", NAME_FIELD, "resident_name_missing"))
    if code and (wrong := find_problem(code)) is not None:
        params = {k: v for k, v in vars(wrong).items() if v is not None}
        problems.append(Problem("event", CODE_FIELD, "credit_code", params))
    registered = residents_in(assessment.organisation, assessment.cycle)
    same = next(
        (o for o in registered if (code and o.credit_code == code) or name in resident_names([o])),
        None,
    )
    if same is not None:
        params = {"text": same.name_zh}
        problems.append(Problem("event", NAME_FIELD, "resident_registered", params))
    return problems


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
