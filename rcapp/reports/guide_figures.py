"""What the reports add to the secretariat's guide to a year (cycles.guide_hooks).

The year page's own lists (editions.editions_of, editions.produced_files), counted for the
guide's "files" and "annual report" steps: the annual workbooks and scorecard archives made
this year, published or not, and the annual report editions in force (neither withdrawn nor
replaced), which the guide names.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcapp.cycles.guide_hooks import GuideFigures
from rcapp.cycles.models import ReportingCycle
from rcapp.reports.editions import Edition, editions_of, produced_files
from rcapp.reports.models import JobKind

OUTPUT_KINDS = (JobKind.ANNUAL_WORKBOOK, JobKind.SCORECARDS)  # the "files" step's outputs


def in_force(editions: Sequence[Edition]) -> list[Edition]:
    """Keep the editions neither withdrawn nor replaced by a later one."""
    return [e for e in editions if e.withdrawal is None and e.replaced_by is None]


def report_figures(cycle: ReportingCycle) -> GuideFigures:
    editions = editions_of(cycle)
    made = [e.job for e in editions] + produced_files(cycle)
    return GuideFigures(
        outputs_made=sum(job.kind in OUTPUT_KINDS for job in made),
        reports_in_force=tuple(
            e for e in in_force(editions) if e.job.kind == JobKind.ANNUAL_REPORT
        ),
    )
