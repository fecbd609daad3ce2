"""Who is compared with whom: the peer groups an organisation of each kind may be placed in.

The stored benchmarks hold companies only (services.compute_benchmarks): working group,
sector, park (the companies of one chemical park) and province are groups of companies
answering the company rubric. A chemical park answers the park rubric (other sections,
other KPIs), so none of these groups compares with it: shown to a park they would count
dozens of companies and show no figure. Parks are to be compared with other parks, which
the benchmarks do not compute yet (docs/peer-review.md, "Parks").
"""

from __future__ import annotations

from rcapp.benchmarks.stats import GroupKind
from rcapp.organisations.models import OrganisationKind

_COMPARED_WITH: dict[OrganisationKind, frozenset[GroupKind]] = {
    OrganisationKind.COMPANY: frozenset(GroupKind),
    OrganisationKind.PARK: frozenset(),
}


def compared_with(kind: OrganisationKind) -> frozenset[GroupKind]:
    """Return the kinds of peer group whose statistics compare with an organisation's own."""
    return _COMPARED_WITH[kind]
