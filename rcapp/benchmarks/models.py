"""Frozen benchmark tables: each member's figures and each peer group's statistics per cycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.benchmarks.stats import GroupKind
from rcapp.db import Base, UTCDateTime, intpk, str_enum, utcnow

FIGURE = Numeric(20, 6)


class MemberValues(Base):
    """One member's values of every metric in a cycle, in one row.

    `figures` is a JSON object: metric (`section:<id>` or `kpi:<id>`) → the value as the
    decimal text a NUMERIC(20, 6) column would have stored (member_figures). One row per
    member rather than one per metric: a cycle's recomputation writes ~45 times fewer
    rows (docs/performance.md); the pages read a member's values together anyway.
    """

    __tablename__ = "benchmark_member_values"
    __table_args__ = (UniqueConstraint("cycle_id", "organisation_id"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    figures: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<MemberValues cycle={self.cycle_id} org={self.organisation_id}>"


class PeerGroupStat(Base):
    """A peer group's statistics of one metric in a cycle (only groups of the minimum size)."""

    __tablename__ = "peer_group_stats"
    __table_args__ = (UniqueConstraint("cycle_id", "group_kind", "group_key", "metric"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    group_kind: Mapped[GroupKind] = mapped_column(str_enum(GroupKind, "peer_group_kind"))
    group_key: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(80))
    members: Mapped[int]
    first_quartile: Mapped[Decimal] = mapped_column(FIGURE)
    median: Mapped[Decimal] = mapped_column(FIGURE)
    third_quartile: Mapped[Decimal] = mapped_column(FIGURE)
    pooled: Mapped[Decimal | None] = mapped_column(FIGURE)
    pooled_200k: Mapped[Decimal | None] = mapped_column(FIGURE)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<PeerGroupStat {self.group_kind}:{self.group_key} {self.metric}>"
