"""How a deadline day is written to users: inclusive, so the last day is clearly included.

A deadline holds until 24:00 Beijing time on its day (deadlines module), so "请在 12-20 前"
(read: before 20 December) says one day too few; every page and mail stating a day to
submit by writes it through `last_day`.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _


def last_day(day: dt.date) -> str:
    """Write the last day to submit as its end: "2026-12-20 24:00" / "24:00 on 2026-12-20"."""
    return str(_("%(date)s 24:00", date=day.isoformat()))
