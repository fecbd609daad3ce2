"""What each rubric version offered for a new year changes against the latest year's.

The secretariat picks the versions once and for good (QA58 1): the page shows, per kind,
the items and KPIs a choice adds, removes or changes, and an older version needs a tick.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.cycles.models import ReportingCycle
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.registry import RubricRegistry, RubricSummary
from rcapp.rubrics.rubric_diff import RubricDiff, rubric_diff

KINDS = ("company", "park")


@dataclass(frozen=True)
class VersionAgainstLatest:
    value: str  # the option's value, "id@version"
    version: int
    latest_version: int
    diff: RubricDiff

    @property
    def older(self) -> bool:
        return self.version < self.latest_version


def latest_rubrics(latest: ReportingCycle | None) -> dict[str, str]:
    """Return the version ("id@version") the latest year used, per kind."""
    if latest is None:
        return {}
    return {kind: "{}@{}".format(*latest.rubric_for(kind)) for kind in KINDS}


def against_latest(
    registry: RubricRegistry, summaries: list[RubricSummary], latest: dict[str, str]
) -> dict[str, list[VersionAgainstLatest]]:
    """Per kind, each offered version's changes against the one the latest year used."""
    found: dict[str, list[VersionAgainstLatest]] = {kind: [] for kind in KINDS}
    for kind, key in latest.items():
        latest_id, _sep, latest_version = key.rpartition("@")
        try:
            base = registry.get(latest_id, int(latest_version)).rubric
        except RubricError:
            continue  # its file is listed among the problems the page shows
        for summary in summaries:
            if summary.kind != kind or f"{summary.id}@{summary.version}" == key:
                continue
            found[kind].append(
                VersionAgainstLatest(
                    value=f"{summary.id}@{summary.version}",
                    version=summary.version,
                    latest_version=base.version,
                    diff=rubric_diff(base, registry.get(summary.id, summary.version).rubric),
                )
            )
    return found
