"""Frozen benchmark tables: each member's figures and each peer group's statistics per cycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.benchmarks.stats import GroupKind
from rcapp.db import Base, UTCDateTime, intpk, str_enum, utcnow

FIGURE = Numeric(20, 6)


class BenchmarkValue(Base):
    """One member's value of one metric (`section:<id>` or `kpi:<id>`) in a cycle."""

    __tablename__ = "benchmark_values"
    __table_args__ = (UniqueConstraint("cycle_id", "organisation_id", "metric"),)

    id: Mapped[intpk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(80))
    value: Mapped[Decimal] = mapped_column(FIGURE)

    def __repr__(self) -> str:
        return f"<BenchmarkValue cycle={self.cycle_id} org={self.organisation_id} {self.metric}>"


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
