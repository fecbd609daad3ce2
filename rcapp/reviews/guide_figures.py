"""What the peer reviews and the benchmark pages add to the secretariat's guide to a year.

Registered with cycles.guide_hooks.add_guide_figures: the year page's own figures
(year_figures, open_appeal_count, the benchmarks' computed summary), read once more for the
guide, never counted again. The benchmarks step is this package's too: its pages
(benchmark_views) hold the year page's "compute" button that the step asks for.
"""

from __future__ import annotations

from rcapp.benchmarks.computed import computed_summary
from rcapp.cycles.guide_hooks import GuideFigures
from rcapp.cycles.guide_steps import ReviewFacts
from rcapp.cycles.models import ReportingCycle
from rcapp.reviews.year_appeals import open_appeal_count
from rcapp.reviews.year_figures import year_figures


def review_figures(cycle: ReportingCycle) -> GuideFigures:
    """Give the year's peer reviews (the step's state and its figures) and open appeals."""
    figures = year_figures(cycle.id)
    return GuideFigures(
        reviews=ReviewFacts(figures.not_reviewed, figures.reviews_in_progress),
        review_figures=figures,
        open_appeals=open_appeal_count(cycle.id),
    )


def benchmark_figures(cycle: ReportingCycle) -> GuideFigures:
    """Say whether and when the year's peer-group statistics were computed."""
    summary = computed_summary(cycle.id)
    return GuideFigures(benchmarks_computed=summary.computed, benchmark_summary=summary)
