"""A year an organisation takes no part in: not on its to-do list, not offered a start.

Who belongs to a year is cycles.participants.signed_for (queries.takes_part), the rule the
year's counts use. Three kinds of organisation fall outside it and are refused a start:
one that signed its commitment after the year ended (it joins from the following year on),
one whose commitment is suspended or withdrawn (QA58 2: a withdrawn company started the
new year and the year's counts then included it), and one with no signed commitment on
record (QA63 M1: such a company submitted, and the year's counts and star distribution
then included it). Opening such a year would put it on the roster without it being a
signatory, and ask its staff for work nobody expects of them, so its home page says why
there is nothing to do and a start is refused with the same words. An assessment already
started keeps its history; the year's pages mark one of an organisation that has not
signed (roster_rows.RosterRow.unsigned).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from rcapp.assessments.queries import assessments_of, takes_part
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus, Organisation


def signed_after(organisation: Organisation, year: int) -> bool:
    """Tell whether the organisation signed its commitment after `year` ended."""
    signed_on = organisation.commitment_signed_on
    return (
        organisation.commitment_status == CommitmentStatus.SIGNED
        and signed_on is not None
        and signed_on.year > year
    )


def first_year_ahead(organisation: Organisation) -> int | None:
    """Return the year a newly signed organisation takes part from, while it waits for it.

    Signed this calendar year or later (cycles.participants: it takes part from the year it
    signed in, opened the January after) and no assessment of that year or later yet. The
    organisation page and its users' home page both say it (QA, December 2026: a user
    invited meanwhile saw only "目前没有进行中的年度"). None otherwise.
    """
    signed_on = organisation.commitment_signed_on
    if (
        organisation.commitment_status != CommitmentStatus.SIGNED
        or signed_on is None
        or signed_on.year < beijing_today().year
    ):
        return None
    if any(a.cycle.year >= signed_on.year for a in assessments_of(organisation)):
        return None
    return signed_on.year


def outside_year(organisation: Organisation, cycle: ReportingCycle) -> bool:
    """Tell whether the organisation is refused a start of `cycle` (see the module)."""
    return not takes_part(organisation, cycle)


def outside_year_reason(organisation: Organisation, years: Sequence[int]) -> str:
    """Say, in the user's language, why the organisation does not fill in `years`."""
    named = _("、").join(str(year) for year in years)
    if organisation.commitment_status == CommitmentStatus.WITHDRAWN:
        return str(
            _(
                "贵单位的责任关怀承诺已撤回，不参加 %(years)s 年度自评，无需填报；"
                "已有的自评记录保留不变。如有疑问，请联系秘书处。",
                years=named,
            )
        )
    if organisation.commitment_status == CommitmentStatus.SUSPENDED:
        return str(
            _(
                "贵单位的责任关怀承诺已暂停，暂停期间不参加 %(years)s 年度自评，无需填报；"
                "已有的自评记录保留不变。如有疑问，请联系秘书处。",
                years=named,
            )
        )
    if organisation.commitment_status == CommitmentStatus.NOT_SIGNED:
        return str(
            _(
                "贵单位尚未登记签署责任关怀承诺书，签署后方可参加年度自评；"
                "如已签署，请联系秘书处登记签署日期。"
            )
        )
    signed_on = organisation.commitment_signed_on
    if signed_on is None:  # pragma: no cover - callers ask outside_year first
        raise ValueError("the organisation's commitment has no signing date")
    return str(
        _(
            "贵单位于 %(date)s 签署责任关怀承诺，自 %(first)d 年度起参加年度自评，"
            "%(years)s 年度无需填报。",
            date=signed_on.isoformat(),
            first=signed_on.year,
            years=named,
        )
    )
