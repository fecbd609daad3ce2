"""Beijing time: what every page shows and what "today" means for deadlines.

China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact.
Stored timestamps stay UTC; they are converted only for display and day arithmetic.
"""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def beijing_now() -> dt.datetime:
    return dt.datetime.now(BEIJING)


def beijing_today() -> dt.date:
    return beijing_now().date()


def to_beijing(moment: dt.datetime) -> dt.datetime:
    """Convert an aware timestamp (naive ones are taken as UTC, as SQLite returns them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING)


def beijing_day(moment: dt.datetime) -> dt.date:
    return to_beijing(moment).date()


def years_after(day: dt.date, years: int) -> dt.date:
    """Return the same day `years` later (28 February for a 29 February that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
