"""Whether and when a cycle's benchmarks were computed, and what that gave (the year page).

A computation stores every member's values and the statistics of each group of the
minimum size: one that found no such group leaves member values but no statistics, so
the statistics alone cannot tell "not computed" from "computed, no group big enough".
The audit entry each computation writes (services._compute) says when it ran.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.benchmarks.models import MemberValues, PeerGroupStat
from rcapp.benchmarks.stats import MIN_GROUP_SIZE

COMPUTED_ACTION = "benchmarks"  # the action services._compute records on the cycle


@dataclass(frozen=True)
class ComputedSummary:
    at: dt.datetime | None  # the last computation (None: no record of one)
    groups: int  # peer groups with statistics
    members: int  # members with values
    minimum: int = MIN_GROUP_SIZE  # members a group needs for statistics

    @property
    def computed(self) -> bool:
        return self.at is not None or self.members > 0


def computed_summary(cycle_id: int) -> ComputedSummary:
    """When the cycle's benchmarks were last computed, how many groups and members they have."""
    session = db.session()
    this_cycle = PeerGroupStat.cycle_id == cycle_id
    stats_at = session.scalar(select(func.max(PeerGroupStat.computed_at)).where(this_cycle))
    groups = select(PeerGroupStat.group_kind, PeerGroupStat.group_key).where(this_cycle).distinct()
    audited_at = session.scalar(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.entity == "cycle",
            AuditEntry.entity_id == cycle_id,
            AuditEntry.action == COMPUTED_ACTION,
        )
    )
    members = select(func.count()).where(MemberValues.cycle_id == cycle_id)
    return ComputedSummary(
        at=audited_at or stats_at,
        groups=session.scalar(select(func.count()).select_from(groups.subquery())) or 0,
        members=session.scalar(members) or 0,
    )
