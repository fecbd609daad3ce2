"""Peer-group benchmarks: percentiles per section score and KPI, pooled group KPI rates."""

from __future__ import annotations

import dataclasses

from flask import Flask


def register(app: Flask) -> None:
    """Freeze the benchmarks with the cycle: closing a year also computes its statistics.

    Wraps the cycle-results hook the assessments package registered (so register after it):
    the assessments' results are frozen first, then the benchmarks are computed from them.
    """
    from rcapp.accounts.models import User
    from rcapp.benchmarks.services import compute_benchmarks
    from rcapp.cycles.hooks import cycle_results, set_cycle_results
    from rcapp.cycles.models import ReportingCycle

    with app.app_context():
        inner = cycle_results()

    def freeze(cycle: ReportingCycle, actor: User | None) -> list[int]:
        frozen = inner.freeze(cycle, actor)
        compute_benchmarks(cycle, actor)
        return frozen

    set_cycle_results(app, dataclasses.replace(inner, freeze=freeze))
