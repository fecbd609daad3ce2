"""The one place a reviewer's organisations are checked against a reviewed one, in its year.

Assigning (services.check_reviewer) and checking an open assignment again (rechecks) both
ask here. The facts are read as in the assessment's year: a closed year's park is the one
kept at its close (closed_parks), so a company that moved park since neither gains nor
loses a same-park conflict in that year (an upheld appeal's re-review of a closed year).
An open year, reopened or not, reads today's park. The parent group is not kept at the
close: it is read as it is today.
"""

from __future__ import annotations

from collections.abc import Iterable

from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_parks import park_in
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.reviews import queries
from rcapp.reviews.rules import Conflict, OrgFacts, conflicts


def org_facts(organisation: Organisation, cycle: ReportingCycle) -> OrgFacts:
    """Return what the rules read of the organisation in `cycle` (a closed year: its park then)."""
    return OrgFacts(organisation.id, organisation.parent_group, park_in(organisation, cycle))


def conflicts_by_organisation(
    organisations: Iterable[Organisation],
    assessment: Assessment,
    reviewer_id: int,
    *,
    already_assigned: bool = False,
    settles: bool = False,
) -> dict[int, tuple[Conflict, ...]]:
    """Map each of the reviewer's organisations to its conflicts with the assessment's."""
    cycle = assessment.cycle
    reviewed = org_facts(assessment.organisation, cycle)
    pairs = queries.pairs_in_cycle(assessment.cycle_id)
    declared = queries.declared_conflicts(reviewer_id)
    return {
        organisation.id: conflicts(
            org_facts(organisation, cycle),
            reviewed,
            pairs_in_cycle=pairs,
            declared=declared,
            already_assigned=already_assigned,
            settles=settles,
        )
        for organisation in organisations
    }
