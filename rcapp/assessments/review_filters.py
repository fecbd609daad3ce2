"""Where each submitted assessment of a year stands in peer review: one rule for all pages.

The year page's figures (reviews.year_figures) count by these states and the year's list of
organisations filters by them, so a count and the list its link opens agree. The states are
read through review_hook.review_states, which the reviews package answers.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class ReviewState(enum.StrEnum):
    IN_REVIEW = "in_review"  # assigned, not finalised yet
    REREVIEW = "rereview"  # reopened by an upheld appeal (申诉成立，重新评审中)
    FINAL = "final"  # finalised
    APPEALED = "appealed"  # finalised, and an appeal against it not decided yet
    # A closed year's review not finalised at the close: it can never finish (QA31 D2).
    # Only a closed year has it; there it replaces IN_REVIEW and REREVIEW.
    FROZEN = "frozen"


# The list's review filter: its values and the states each keeps ("none": submitted, and no
# peer review set up). "in_review" and "final" are what the year page counts as 进行中 and 已完成.
REVIEW_FILTERS: Mapping[str, frozenset[ReviewState]] = {
    "in_review": frozenset({ReviewState.IN_REVIEW, ReviewState.REREVIEW}),
    "rereview": frozenset({ReviewState.REREVIEW}),
    "final": frozenset({ReviewState.FINAL, ReviewState.APPEALED}),
    "appealed": frozenset({ReviewState.APPEALED}),
    "frozen": frozenset({ReviewState.FROZEN}),
}
NOT_REVIEWED = "none"

# The year's peer review progress: in progress, not finished at the close, finished. Each
# reviewed result is in one of them at most. The year page (reviews.year_figures) and the
# annual report and workbook (reports.data_annual) count by progress_column, one rule (QA37 D1).
PROGRESS_COLUMNS = ("in_review", "frozen", "final")


def progress_column(state: ReviewState | None) -> str | None:
    """Name the progress column a result in `state` counts in (None: no review)."""
    if state is None:
        return None
    return next((key for key in PROGRESS_COLUMNS if state in REVIEW_FILTERS[key]), None)


def review_matches(state: ReviewState | None, key: str) -> bool:
    """Tell whether an assessment in `state` (None: no review) is kept by the filter `key`."""
    if key == NOT_REVIEWED:
        return state is None
    kept = REVIEW_FILTERS.get(key)
    return kept is None or (state is not None and state in kept)
