"""When a year was last reopened: the day its date bounds count from while it is open again.

A deadline or an extension more than a year out is refused as a typing slip (2099 for 2026),
counted from the opening or the deadline. A year reopened to correct data may be reopened
long after both, so those bounds lie in the past and nothing could be set: in a reopened year
they count from the reopening instead (docs/cycles.md, "Reopening a year").
"""

from __future__ import annotations

import datetime as dt

from rcapp.audit.queries import last_change
from rcapp.clock import beijing_day


def reopened_on(cycle_id: int) -> dt.date | None:
    """Return the Beijing day the year was last reopened, or None if it never was.

    Read from the audit entry the reopening writes (services.reopen_cycle): the cycle row
    keeps no such day, and the entry cannot be changed afterwards.
    """
    entry = last_change("cycle", cycle_id, None, ("reopen",))
    return None if entry is None else beijing_day(entry.at)
