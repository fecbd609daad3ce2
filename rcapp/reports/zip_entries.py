"""Members of the ZIP files the app makes, dated in the app's time zone (Beijing time).

zipfile dates a member written by name with the server's local time, UTC here: a scorecard
made at 18:05 on the page read 10:05 in the archive. A ZIP date has no zone, so it is written
as the pages show it.
"""

from __future__ import annotations

import datetime as dt
import zipfile

from rcapp.clock import to_beijing
from rcapp.db import utcnow


def add_member(
    archive: zipfile.ZipFile, name: str, data: bytes, when: dt.datetime | None = None
) -> None:
    """Write `data` as `name`, compressed, dated `when` (default now) in Beijing time."""
    moment = to_beijing(when or utcnow())
    member = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16  # readable once unpacked (a bare ZipInfo has no mode)
    archive.writestr(member, data)
