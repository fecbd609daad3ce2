"""The "1+3" partners a park's resident companies registered in rcapp, beside its typed count.

A park types how many value-chain partners its residents brought in (rc-park@2
`companies_partners_signed`, KPI PK-RC-03: rubrics.partner_inputs.park_partner_input), yet
the partners are registered by each resident on its own organisation page, never by the
park. The park's KPI page lists them beside the field (count and names) and, as a
company's own count (partner_check), a typed figure that differs is a warning, not a
refusal: the residents need not have registered every partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.partner_check import by_year_end
from rcapp.organisations.models import Organisation, OrganisationKind, ValueChainPartner
from rcapp.organisations.queries import residents_of
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.partner_inputs import park_partner_input


@dataclass(frozen=True)
class ResidentPartners:
    resident: str  # the resident company's name
    partners: tuple[str, ...]  # its partners signed by the year's end (or undated), by name


@dataclass(frozen=True)
class ParkPartners:
    input_id: str  # the park's input the register is set against
    residents: int  # the park's resident companies in rcapp
    listed: tuple[ResidentPartners, ...]  # the residents with a partner counted

    @property
    def count(self) -> int:
        return sum(len(r.partners) for r in self.listed)

    def differs(self, typed: Decimal | None) -> bool:
        return typed is not None and typed != self.count


def park_partners(
    organisation: Organisation, year: int, rubric: Rubric, lang: str
) -> ParkPartners | None:
    """Return the partners the park's residents registered by `year`'s end (None: no such input)."""
    input_id = park_partner_input(rubric)
    if input_id is None or organisation.kind is not OrganisationKind.PARK:
        return None
    residents = residents_of(organisation)
    found: dict[int, list[str]] = {r.id: [] for r in residents}
    if found:
        statement = (
            select(
                ValueChainPartner.organisation_id,
                ValueChainPartner.name,
                ValueChainPartner.joined_on,
            )
            .where(ValueChainPartner.organisation_id.in_(found))
            .order_by(ValueChainPartner.name, ValueChainPartner.id)
        )
        for organisation_id, name, joined_on in db.session().execute(statement):
            if by_year_end(joined_on, year):
                found[organisation_id].append(name)
    listed = tuple(
        ResidentPartners(r.display_name(lang), tuple(found[r.id])) for r in residents if found[r.id]
    )
    return ParkPartners(input_id, len(residents), listed)
