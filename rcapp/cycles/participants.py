"""Who belongs to a reporting year: the one rule the roster, its counts and the reports share.

An organisation is a signatory of year N when its commitment is signed (its status now) and
was signed on or before 31 December of N: the year assessed is N's work, and the annual
report counts "signatories by the year's end". One that signed later (say in June of N+1,
after the year was opened) joins from year N+1 on. A signed commitment without a date
(registered before dates were kept) counts as an old one. See docs/cycles.md.

The roster also keeps an organisation that started an assessment of the year anyway (the
secretariat may have started it); it is not counted as a signatory of that year. One whose
commitment is suspended or withdrawn while the year is open stays in the year's list if it
started the year (marked 承诺已暂停 / 承诺已撤回) but is no longer reminded (`is_paused`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, extract, func, or_, select

from rcapp import db
from rcapp.organisations.models import CommitmentStatus, Organisation

# A commitment suspended or withdrawn: the organisation is not reminded about a year.
PAUSED = (CommitmentStatus.SUSPENDED, CommitmentStatus.WITHDRAWN)


def is_paused(status: CommitmentStatus) -> bool:
    """Tell whether a commitment in `status` leaves the organisation out of reminders."""
    return status in PAUSED


def is_unsigned(status: CommitmentStatus) -> bool:
    """Tell whether a commitment in `status` was never signed: no year of its own (QA63 M1)."""
    return status == CommitmentStatus.NOT_SIGNED


def signed_for(year: int | SQLColumnExpression[int]) -> ColumnElement[bool]:
    """Organisations that had signed the commitment by the end of `year` (a number or column).

    The year is compared by the signing date's year, so that the query over every cycle
    (`year` = ReportingCycle.year) reads the same rule as one cycle's.
    """
    return and_(
        Organisation.commitment_status == CommitmentStatus.SIGNED,
        or_(
            Organisation.commitment_signed_on.is_(None),
            extract("year", Organisation.commitment_signed_on) <= year,
        ),
    )


def count_signatories(year: int) -> int:
    """Count the year's signatories: the report's totals and the open-a-year form's figure."""
    statement = select(func.count()).select_from(Organisation).where(signed_for(year))
    return db.session().scalar(statement) or 0
