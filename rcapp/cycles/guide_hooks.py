"""What the packages above cycles add to the secretariat's guide to a year (views.guide).

The guide shows the year's peer reviews and appeals, its benchmarks and its reports, which
cycles does not import. Each of those packages adds a contributor with
`add_guide_figures(app, figures_of)` when it is registered: `figures_of(cycle)` gives a
`GuideFigures` with the fields it knows set and the others left None. `guide_figures(cycle)`
merges them; a package not registered leaves its fields None, and the guide leaves its step
out (reviews, benchmarks) or counts nothing made (reports).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app

from rcapp.cycles.guide_steps import ReviewFacts

if TYPE_CHECKING:
    from rcapp.cycles.models import ReportingCycle

_GUIDE = "rcapp.cycle_guide_figures"


@dataclass(frozen=True)
class GuideFigures:
    """A year's figures for its guide; None: no registered package knows it.

    The `object` fields are shown by the page only (their packages' own templates and
    macros read them), never read here.
    """

    reviews: ReviewFacts | None = None  # the step's state (guide_steps)
    review_figures: object = None  # the year page's peer-review figures (reviews.year_figures)
    open_appeals: int | None = None  # appeals of the year lodged, not decided yet
    benchmarks_computed: bool | None = None
    benchmark_summary: object = None  # when and for how many groups (benchmarks.computed)
    outputs_made: int | None = None  # annual workbooks and scorecard archives made this year
    reports_in_force: tuple[object, ...] | None = None  # published annual reports in force


GuideContributor = Callable[["ReportingCycle"], GuideFigures]


def add_guide_figures(app: Flask, figures_of: GuideContributor) -> None:
    app.extensions.setdefault(_GUIDE, []).append(figures_of)


def guide_figures(cycle: ReportingCycle) -> GuideFigures:
    """Merge what every registered contributor knows of the year (the first to know wins)."""
    merged = GuideFigures()
    for figures_of in current_app.extensions.get(_GUIDE, []):
        found = figures_of(cycle)
        known = {
            field.name: value
            for field in dataclasses.fields(found)
            if (value := getattr(found, field.name)) is not None
            and getattr(merged, field.name) is None
        }
        merged = dataclasses.replace(merged, **known)
    return merged
