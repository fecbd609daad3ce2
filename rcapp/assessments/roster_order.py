"""The roster's order: by name in the page's language, or by a column, empty values last."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rcapp.assessments.roster_rows import RosterRow, RowStatus
from rcapp.cycles.reminders import LastReminder

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_STATUS_ORDER = {s: i for i, s in enumerate(RowStatus)}


def _name(lang: str) -> Callable[[RosterRow], str | tuple[str, str]]:
    # English: the English name, ignoring case. Chinese: in pinyin order (name_order).
    if lang == "en":
        return lambda r: r.organisation.display_name("en").casefold()
    return lambda r: (r.organisation.name_sort, r.organisation.name_zh)


def _sorts(
    lang: str, reminded: Mapping[int, LastReminder]
) -> dict[str, Callable[[RosterRow], Any]]:
    name = _name(lang)

    def last_reminded(row: RosterRow) -> tuple[bool, dt.date]:
        last = reminded.get(row.organisation.id)
        return (last is not None, last.on if last is not None else dt.date.min)

    return {
        "name": name,
        "status": lambda r: (_STATUS_ORDER[r.status], name(r)),
        "activity": lambda r: (r.last_activity is not None, r.last_activity or _EPOCH),
        "progress": lambda r: (r.progress is not None, r.progress or 0),
        "stars": lambda r: (r.rating is not None, r.rating or 0),
        "reminded": last_reminded,
    }


def sort_rows(
    rows: Iterable[RosterRow],
    key: str,
    descending: bool,
    lang: str = "zh",
    reminded: Mapping[int, LastReminder] | None = None,
) -> list[RosterRow]:
    """Sort by one of SORT_KEYS (unknown keys sort by name); rows without a value go last.

    Names sort in the page's language `lang` ("zh" or "en"), and break ties. "reminded"
    sorts by the day of the last reminder in `reminded`; never reminded is no value.
    """
    sorts = _sorts(lang, reminded or {})
    ordered = sorted(rows, key=sorts["name"])
    if key not in sorts or key == "name":
        return list(reversed(ordered)) if descending else ordered
    with_value = sorted(ordered, key=sorts[key], reverse=descending)
    if key in ("activity", "progress", "stars", "reminded"):
        # (has value, value): with reverse the empty ones come last already; without, move them.
        empty = [r for r in with_value if not sorts[key](r)[0]]
        return [r for r in with_value if sorts[key](r)[0]] + empty
    return with_value
