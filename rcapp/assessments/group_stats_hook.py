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
from decimal import Decimal
from typing import TYPE_CHECKING

from flask import Flask, current_app

from rcapp.scoring import GroupStats

if TYPE_CHECKING:
    from rcapp.assessments.models import Assessment


@dataclass(frozen=True)
class KnownGroupStats:
    stats: Mapping[str, GroupStats] = field(default_factory=dict)
    computed_at: dt.datetime | None = None


@dataclass(frozen=True)
class MissingStats:
    """Why a KPI the ladder compares has no group statistics, as the benchmark pages say it.

    `why`: the benchmark pages' one true reason (benchmarks.peer_groups.no_statistics_text:
    not computed yet, or too few members with data), or that too few members reported the
    KPI; "" when unknown (no reader, no peer group). `linked`: the viewer may open the
    organisation's benchmark page for the year, which says it too (never in documents).
    """

    why: str = ""
    linked: bool = False
    # The reason in a few words, for a clause of advice (peer_groups.no_statistics_short).
    short: str = ""

    @property
    def clause(self) -> str:
        """Give the reason as part of a sentence: without its closing full stop."""
        return self.why.rstrip("。.")

    @property
    def words(self) -> MissingStats:
        """The reason alone: what the page's words depend on, whoever views them."""
        return MissingStats(self.why, short=self.short)


NO_STATS = KnownGroupStats()
GroupStatsReader = Callable[["Assessment"], KnownGroupStats]
MissingStatsReader = Callable[["Assessment", object], MissingStats]
# The peer group's median score per section id (none below the minimum group size).
SectionMediansReader = Callable[["Assessment"], Mapping[str, Decimal]]
_KEY = "rcapp.group_stats_reader"
_MISSING_KEY = "rcapp.missing_stats_reader"
_MEDIANS_KEY = "rcapp.section_medians_reader"


def set_group_stats_reader(
    app: Flask, reader: GroupStatsReader, missing: MissingStatsReader | None = None
) -> None:
    app.extensions[_KEY] = reader
    if missing is not None:
        app.extensions[_MISSING_KEY] = missing


def set_section_medians_reader(app: Flask, reader: SectionMediansReader) -> None:
    app.extensions[_MEDIANS_KEY] = reader


def section_medians_of(assessment: Assessment) -> tuple[tuple[str, Decimal], ...]:
    """Return the peer group's median per section, (section id, median) in id order.

    The radar draws them beside the organisation's own scores; none without a reader, or
    where the group shows no statistics (too few members).
    """
    reader: SectionMediansReader | None = current_app.extensions.get(_MEDIANS_KEY)
    if reader is None or assessment.id is None:
        return ()
    return tuple(sorted(reader(assessment).items()))


def group_stats_of(assessment: Assessment) -> KnownGroupStats:
    """Return the KPI statistics of the assessment's peer group, as the reader says."""
    reader: GroupStatsReader | None = current_app.extensions.get(_KEY)
    if reader is None or assessment.id is None:
        return NO_STATS
    return reader(assessment)


def missing_stats_of(assessment: Assessment, viewer: object = None) -> MissingStats:
    """Say why the assessment's peer group lacks KPI statistics, as the benchmark pages do.

    `viewer`: the user offered the link to the benchmark page (None: no link).
    """
    reader: MissingStatsReader | None = current_app.extensions.get(_MISSING_KEY)
    if reader is None or assessment.id is None:
        return MissingStats()
    return reader(assessment, viewer)
