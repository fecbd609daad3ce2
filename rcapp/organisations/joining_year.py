"""Which yearly round a signing date joins, said on the commitment form (qa50 #4).

An organisation takes part in a year's self-assessment when it signed its commitment by
31 December of that year (cycles.participants.signed_for). The round in progress is named
after last year, so a date typed "this year" quietly leaves the open round out: the form
says the rule beside the date, and a save whose date leaves out an open year says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask_babel import gettext as _

from rcapp.i18n import current_lang
from rcapp.organisations.models import CommitmentStatus


def date_help(open_years: Sequence[int]) -> str:
    """Say beside the signing date which round a date joins, naming the open rounds."""
    rule = _(
        "签署日期决定单位从哪一年度起参加年度自评：在某年 12 月 31 日之前（含当日）签署，"
        "即参加该年度的自评；此前的年度无需填报。"
    )
    if not open_years:
        return str(rule)
    years = sorted(open_years)
    if len(years) == 1:
        now = _(
            "正在进行的是 %(year)d 年度自评：签署日期须不晚于 %(last)s，单位才参加该年度。",
            year=years[0],
            last=dt.date(years[0], 12, 31).isoformat(),
        )
    else:  # QA58 3: every open round named, as the message after saving names them
        now = _(
            "正在进行的是 %(years)s 年度自评：签署日期须不晚于该年度的 12 月 31 日"
            "（%(cutoffs)s），单位才参加该年度。",
            years=year_list(years),
            cutoffs=str(_("、")).join(dt.date(year, 12, 31).isoformat() for year in years),
        )
    return f"{rule}{' ' if current_lang() == 'en' else ''}{now}"


def year_list(years: Sequence[int]) -> str:
    """Name years in a sentence ("2025、2026"), as every message of this module does."""
    return str(_("、")).join(str(year) for year in years)


def left_out_years(
    status: CommitmentStatus | str | None, signed_on: dt.date | None, open_years: Sequence[int]
) -> list[int]:
    """Return the open years a signed commitment of this date takes no part in."""
    if status != CommitmentStatus.SIGNED or signed_on is None:
        return []
    return sorted(year for year in open_years if year < signed_on.year)


def joined_years(
    status: CommitmentStatus | str | None, signed_on: dt.date | None, open_years: Sequence[int]
) -> list[int]:
    """Return the open years a commitment in this state takes part in (signed_for's rule)."""
    if status != CommitmentStatus.SIGNED:
        return []
    return sorted(year for year in open_years if signed_on is None or signed_on.year <= year)


def left_out_text(signed_on: dt.date, years: Sequence[int]) -> str:
    """Say plainly that the saved date leaves out open rounds, and how to take part."""
    return str(
        _(
            "签署日期为 %(date)s，因此该单位不参加正在进行的 %(years)s 年度自评，"
            "自 %(first)d 年度起参加。如该单位应参加 %(last)d 年度自评，"
            "请将签署日期改为 %(cutoff)s 或更早（须为实际签署日期）。",
            date=signed_on.isoformat(),
            years=year_list(years),
            first=signed_on.year,
            last=years[-1],
            cutoff=dt.date(years[-1], 12, 31).isoformat(),
        )
    )
