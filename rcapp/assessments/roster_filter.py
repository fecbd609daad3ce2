"""The year's list of organisations filtered: status, review, stars, result, kind, place, group.

Each filter keeps rows by the rule the year page counts them with (cycles.tally.status_keys,
review_filters.review_matches, RosterRow.listed_stars and has_final), so the number beside a
count's link is the number of rows the link lists. Plain data; the group's members are read
by the caller (roster.select_rows).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rcapp.assessments.review_filters import NOT_REVIEWED, review_matches
from rcapp.assessments.roster_rows import RosterRow
from rcapp.cycles.tally import status_keys
from rcapp.organisations.former_names import matched_former

NOT_RATED = "none"
# Star filter values: exactly n stars ("3"), n stars or more ("3+"), or not rated ("none").
EXACT_STARS = ("5", "4", "3", "2", "1", "0")
AT_LEAST_STARS = ("4+", "3+", "2+", "1+")
STAR_FILTERS = (*EXACT_STARS, NOT_RATED, *AT_LEAST_STARS)
RESULT_FILTERS = ("final", "provisional")


@dataclass(frozen=True)
class RosterFilter:
    """What the list keeps; empty values keep every row."""

    status: str = "all"
    kind: str = ""
    text: str = ""
    review: str = ""
    stars: str = ""
    result: str = ""
    province: str = ""
    group: int | None = None  # a working group's id; its members: `members`

    @property
    def narrows(self) -> bool:
        """Tell whether any filter is set (the page offers 清除筛选 and says so)."""
        return self != RosterFilter(status="all")


def keeps(row: RosterRow, f: RosterFilter, members: Collection[int] | None = None) -> bool:
    """Tell whether the filter keeps the row; `members`: the ids of `f.group`'s members."""
    organisation = row.organisation
    needle = f.text.strip().lower()
    return (
        (f.status in ("", "all") or f.status in status_keys(row))
        and (not f.kind or organisation.kind.value == f.kind)
        and (not f.province or organisation.province == f.province)
        and (f.group is None or (members is not None and organisation.id in members))
        and (not f.review or review_kept(row, f.review))
        and (not f.stars or stars_match(row, f.stars))
        and (not f.result or result_matches(row, f.result))
        and (
            not needle
            or needle in organisation.name_zh.lower()
            or needle in (organisation.name_en or "").lower()
            or matched_former(organisation, needle, "zh") is not None
        )
    )


def review_kept(row: RosterRow, value: str) -> bool:
    """Kept by the review filter; "not reviewed" keeps submitted assessments only."""
    if value == NOT_REVIEWED and row.is_open:
        return False
    return review_matches(row.review, value)


def stars_match(row: RosterRow, value: str) -> bool:
    """Kept by the star filter: rows with a result only, by the stars the lists show."""
    if not row.has_result:
        return False
    return stars_kept(row.listed_stars, value)


def stars_kept(stars: int | None, value: str) -> bool:
    """Kept by the star filter `value`: the stars a list shows of a result (None: 未评定)."""
    if value == NOT_RATED:
        return stars is None
    if value.endswith("+"):
        return stars is not None and stars >= int(value[:-1])
    return stars is not None and str(stars) == value


def result_matches(row: RosterRow, value: str) -> bool:
    """Kept by the result filter: a final result, or a provisional (self-assessed) one."""
    if value == "final":
        return row.has_final
    return row.has_result and not row.has_final
