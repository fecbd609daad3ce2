"""Where the peer group's KPI statistics for scoring come from: a reader benchmarks sets.

Assessments sit below benchmarks, so they cannot read the peer-group tables themselves.
The benchmarks package registers its reader with `set_group_stats_reader(app, reader)`;
every scoring of an assessment (self result, reviewers' view, final rating, frozen
result) then hands the KPI ladder and the median gates the same statistics: those stored
for the organisation's working group in the assessment's cycle. The reader also says when
they were computed, so a snapshot written before them is scored afresh. Without a reader
(or below the minimum group size) there are none: no KPI beats a median.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask, current_app

from rcapp.scoring import GroupStats

if TYPE_CHECKING:
    from rcapp.assessments.models import Assessment


@dataclass(frozen=True)
class KnownGroupStats:
    stats: Mapping[str, GroupStats] = field(default_factory=dict)
    computed_at: dt.datetime | None = None


NO_STATS = KnownGroupStats()
GroupStatsReader = Callable[["Assessment"], KnownGroupStats]
_KEY = "rcapp.group_stats_reader"


def set_group_stats_reader(app: Flask, reader: GroupStatsReader) -> None:
    app.extensions[_KEY] = reader


def group_stats_of(assessment: Assessment) -> KnownGroupStats:
    """Return the KPI statistics of the assessment's peer group, as the reader says."""
    reader: GroupStatsReader | None = current_app.extensions.get(_KEY)
    if reader is None or assessment.id is None:
        return NO_STATS
    return reader(assessment)
