"""Peer-group benchmarks: percentiles per section score and KPI, pooled group KPI rates."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from flask import Flask


def register(app: Flask) -> None:
    """Freeze the benchmarks with the cycle; hand every scoring the group's KPI statistics.

    Wraps the cycle-results hook the assessments package registered (so register after it):
    the benchmarks are computed first (from the submitted assessments' self results), then
    the results are frozen, so the frozen KPI ladder and median conditions read the year's
    group statistics (QA17 D6: frozen before them, they said the median was unpublished).
    """
    from rcapp.accounts.models import User
    from rcapp.assessments.group_stats_hook import (
        set_group_stats_reader,
        set_section_medians_reader,
    )
    from rcapp.benchmarks.missing_stats import ladder_missing_stats
    from rcapp.benchmarks.services import (
        assessment_ladder_stats,
        compute_benchmarks,
        section_medians,
    )
    from rcapp.cycles.hooks import cycle_results, set_cycle_results
    from rcapp.cycles.models import ReportingCycle

    with app.app_context():
        inner = cycle_results()

    def freeze(
        cycle: ReportingCycle, actor: User | None, checkpoint: Callable[[], None] | None
    ) -> list[int]:
        compute_benchmarks(cycle, actor)  # committed with the first chunk frozen
        return inner.freeze(cycle, actor, checkpoint)

    set_cycle_results(app, dataclasses.replace(inner, freeze=freeze))
    # Self results, reviewers' views and final ratings all see the working group's stats,
    # and their pages say why a KPI has none as the benchmark pages do.
    set_group_stats_reader(app, assessment_ladder_stats, ladder_missing_stats)
    # The radar on the result page and scorecard draws the group's median beside the scores.
    set_section_medians_reader(app, section_medians)
