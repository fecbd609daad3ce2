"""The lead's side-by-side table filtered by stars and review state, as the year's list is.

The year list's own form and values (assessments.roster_form.YearListForm: its 星级 and
同行评审 fields, 未达 1 星 and 未评定 among them) and its rules (roster_filter.stars_kept,
review_filters.review_matches), so a filter reads and keeps alike on both pages. Its other
filters do not apply here: every member listed has submitted and is of the group's one kind
(a working group compares companies, or parks in the parks group), so they are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from rcapp.assessments.review_filters import ReviewState, review_matches
from rcapp.assessments.roster_filter import stars_kept
from rcapp.assessments.roster_form import YearListForm
from rcapp.benchmarks.pages import MemberRow

# The list's fields this table does not filter by (its sort is the page's own `sort`/`dir`).
_NOT_HERE = ("status", "kind", "q", "result", "province", "group", "sort", "order")
PARAMS = ("stars", "review")  # the query string's filter values, carried by every link


@dataclass(frozen=True)
class CompareFilter:
    """What the table keeps; empty values keep every member."""

    stars: str = ""
    review: str = ""
    words: str = ""  # the filter as the page and the workbook name it: 星级：3 星；…

    @property
    def narrows(self) -> bool:
        return bool(self.stars or self.review)

    def args(self) -> dict[str, str]:
        """Return the filter's query-string values, for the sort, KPI and download links."""
        return {k: v for k, v in (("stars", self.stars), ("review", self.review)) if v}

    def keeps(self, row: MemberRow, state: ReviewState | None) -> bool:
        """Kept: by the stars the year list shows (final, else self) and the review's state."""
        if self.stars and not (
            row.assessment is not None and stars_kept(listed_stars(row), self.stars)
        ):
            return False
        return not self.review or review_matches(state, self.review)

    def rows(self, rows: Sequence[MemberRow], states: Mapping[int, ReviewState]) -> list[MemberRow]:
        """Keep the rows the filter keeps, in their order."""
        if not self.narrows:
            return list(rows)
        return [
            row
            for row in rows
            if self.keeps(row, None if row.assessment is None else states.get(row.assessment.id))
        ]


NO_FILTER = CompareFilter()


def listed_stars(row: MemberRow) -> int | None:
    """Return the stars the year list shows of a member: the final ones where there are.

    None where that result is not rated or a veto left it without any star (未评定), as
    assessments.queries.listed_stars reads a result kept.
    """
    if row.final_stars is not None:
        return row.final_stars if row.final_rated and not row.final_vetoed else None
    if row.assessment is None:
        return None
    return row.assessment.stars if row.self_rated and not row.self_vetoed else None


def filter_form(values: Any, closed: bool) -> YearListForm:
    """Build the year list's form with its star and review fields only (from the query string).

    An open year offers no frozen review state, as the list does not.
    """
    form = YearListForm(values)
    for name in _NOT_HERE:
        del form[name]
    if not closed:
        form.without_frozen()
    return form


def compare_filter(form: YearListForm) -> CompareFilter:
    """Read the form's filter and say it in words (after `ignored` dropped a value not offered)."""
    stars, review = form.stars.data or "", form.review.data or ""
    parts = [
        _("%(field)s：%(value)s", field=field.label.text, value=_chosen_label(field))
        for field, value in ((form.stars, stars), (form.review, review))
        if value
    ]
    words = _("筛选：%(parts)s", parts=str(_("；")).join(parts)) if parts else ""
    return CompareFilter(stars, review, str(words))


def _chosen_label(field: Any) -> str:
    return next((str(label) for value, label, chosen, *_r in field.iter_choices() if chosen), "")
