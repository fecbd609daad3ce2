"""Open years an organisation takes part in and has not started: the secretariat may extend.

The organisation page lists its assessments; an organisation that has not started the
year may still ask for an extension (QA, December 2026), so the page offers the same link
(cycles/_roster.html extension_link) for these years too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import open_cycles, takes_part
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation


def unstarted_open_years(
    organisation: Organisation, assessments: Sequence[Assessment]
) -> list[ReportingCycle]:
    """Return the open years, newest first, it takes part in with no assessment yet."""
    started = {assessment.cycle_id for assessment in assessments}
    return sorted(
        (
            cycle
            for cycle in open_cycles()
            if cycle.id not in started and takes_part(organisation, cycle)
        ),
        key=lambda cycle: cycle.year,
        reverse=True,
    )
