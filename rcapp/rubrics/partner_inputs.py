"""The KPI inputs that rcapp's value-chain partner register ("1+3") counts too.

A rubric names them with `partner_register` on the input (year: partners who signed in
the year; total: by the year's end). rc-company@2 was published before that key and is
pinned by hash, never edited: its two partner inputs are named here, as
scoring.prerequisites names the pinned versions' KPI-data prerequisite. Pure: no web, no
database.
"""

from __future__ import annotations

from rcapp.rubrics.model import PartnerCount, Rubric

# (rubric id, version) of pinned versions -> their partner inputs, as their guidance says.
PINNED_PARTNER_INPUTS: dict[tuple[str, int], dict[str, PartnerCount]] = {
    ("rc-company", 2): {
        "partners_signed_year": PartnerCount.YEAR,
        "partners_signed_total": PartnerCount.TOTAL,
    },
}


def partner_inputs(rubric: Rubric) -> dict[str, bool]:
    """Map each partner-count input id of `rubric` to whether it is the cumulative count.

    The rubric's own `partner_register` keys when it has any; else the pinned version's
    inputs it defines; else none.
    """
    declared = {i.id: i.partner_register for i in rubric.kpi_inputs if i.partner_register}
    if not declared:
        known = {i.id for i in rubric.kpi_inputs}
        pinned = PINNED_PARTNER_INPUTS.get((rubric.id, rubric.version), {})
        declared = {k: v for k, v in pinned.items() if k in known}
    return {input_id: count is PartnerCount.TOTAL for input_id, count in declared.items()}


# (rubric id, version) of park rubrics -> the input counting the partners the park's resident
# companies brought in, by the year's end. A park registers no partners of its own: its
# residents' registers count for it (assessments.park_partners). Kept apart from
# partner_inputs, whose inputs the annual report adds up with the companies' own counts: a
# park's count is its residents' again.
PARK_PARTNER_INPUTS: dict[tuple[str, int], str] = {("rc-park", 2): "companies_partners_signed"}


def park_partner_input(rubric: Rubric) -> str | None:
    """Return the park rubric's input counting its residents' "1+3" partners, if it has one."""
    found = PARK_PARTNER_INPUTS.get((rubric.id, rubric.version))
    return found if found in {i.id for i in rubric.kpi_inputs} else None
