"""A year an organisation joined too late for: not on its to-do list, not offered a start.

Who belongs to a year is cycles.participants.signed_for: an organisation that signed its
commitment after the year ended joins from the following year on. Opening the year it
missed would put it on that year's roster without counting it as a signatory, and ask its
staff for work nobody expects of them, so its home page says why there is nothing to do
and a start is refused with the same words. (An organisation with no signed commitment
yet may still start, as before: the secretariat registers companies that are preparing
to sign, and they practise on the year.)
"""

from __future__ import annotations

from flask_babel import gettext as _

from rcapp.organisations.models import CommitmentStatus, Organisation


def signed_after(organisation: Organisation, year: int) -> bool:
    """Tell whether the organisation signed its commitment after `year` ended."""
    signed_on = organisation.commitment_signed_on
    return (
        organisation.commitment_status == CommitmentStatus.SIGNED
        and signed_on is not None
        and signed_on.year > year
    )


def signed_after_reason(organisation: Organisation, year: int) -> str:
    """Say, in the user's language, why the organisation does not fill in year `year`."""
    signed_on = organisation.commitment_signed_on
    if signed_on is None:  # pragma: no cover - callers ask signed_after first
        raise ValueError("the organisation's commitment has no signing date")
    return str(
        _(
            "贵单位于 %(date)s 签署责任关怀承诺，自 %(first)d 年度起参加年度自评，"
            "%(year)d 年度无需填报。",
            date=signed_on.isoformat(),
            first=signed_on.year,
            year=year,
        )
    )
