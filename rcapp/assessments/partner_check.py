"""The "1+3" partner counts typed as KPI data, checked against rcapp's partner register.

VC-01 (本年“1+3”推广签约伙伴数) and VC-02 (累计) are typed (the inputs the rubric names
with `partner_register`: rubrics.partner_inputs); rcapp also keeps each company's
value-chain partners ("价值链合作伙伴（“1+3”）", organisations.models.ValueChainPartner).
Nothing compared the two (qa40 D2: every company typed 4 and 18 while the register held 3
partners in all, none joined in 2025), and the annual report published the typed sums.

Decision: a difference is a warning, not a data problem that fails `data_consistent` and
not a figure rcapp computes in place of the typed one: a company need not register every
partner it brought in, so the register may be incomplete, and a typed count above it may
be right. The KPI page, the result page and the annual report's data-quality appendix say
where the two differ, so the figures are checked before they are published.

The year's count is the partners that joined in the year; the cumulative count every
partner on the register that joined by the year's end, or without a date (on the register,
joined some time).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.queries import partner_dates
from rcapp.organisations.models import ValueChainPartner


@dataclass(frozen=True)
class Register:
    """One organisation's register as the two inputs count it, for one year."""

    in_year: int  # joined in the year
    by_year_end: int  # joined by the year's end, or undated
    undated: int  # of those, without a date

    def count(self, cumulative: bool) -> int:
        return self.by_year_end if cumulative else self.in_year


@dataclass(frozen=True)
class PartnerMismatch:
    """A typed partner count that differs from the register's."""

    input_id: str
    typed: Decimal
    registered: int
    undated: int  # partners without a date: not in the year's count (they may belong there)


def registers(organisation_ids: Iterable[int], year: int) -> dict[int, Register]:
    """Count each organisation's registered partners for `year` (one query)."""
    ids = sorted(set(organisation_ids))
    found: dict[int, list[dt.date | None]] = defaultdict(list)
    if ids:
        statement = select(ValueChainPartner.organisation_id, ValueChainPartner.joined_on).where(
            ValueChainPartner.organisation_id.in_(ids)
        )
        for organisation_id, joined_on in db.session().execute(statement):
            found[organisation_id].append(joined_on)
    return {o: _register(found.get(o, []), year) for o in ids}


def _register(dates: list[dt.date | None], year: int) -> Register:
    undated = sum(1 for d in dates if d is None)
    in_year = sum(1 for d in dates if d is not None and d.year == year)
    by_end = sum(1 for d in dates if by_year_end(d, year))
    return Register(in_year, by_end, undated)


def by_year_end(joined_on: dt.date | None, year: int) -> bool:
    """Tell whether a partner counts as signed by `year`'s end: joined by then, or undated."""
    return joined_on is None or joined_on.year <= year


def mismatches(
    register: Register, typed: Mapping[str, Decimal], inputs: Mapping[str, bool]
) -> list[PartnerMismatch]:
    """Return the typed partner counts (of those reported) that differ from the register's.

    `inputs`: the rubric's partner-count inputs, True for the cumulative count
    (rubrics.partner_inputs).
    """
    found = []
    for input_id, cumulative in inputs.items():
        value = typed.get(input_id)
        registered = register.count(cumulative)
        if value is not None and value != registered:
            undated = 0 if cumulative else register.undated
            found.append(PartnerMismatch(input_id, value, registered, undated))
    return found


def partner_mismatches(
    organisation_id: int, year: int, typed: Mapping[str, Decimal], inputs: Mapping[str, bool]
) -> list[PartnerMismatch]:
    """Check one organisation-year's typed partner counts against its register."""
    if not inputs.keys() & typed.keys():
        return []
    return mismatches(_register(partner_dates(organisation_id), year), typed, inputs)
