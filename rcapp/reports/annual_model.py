"""The annual figures of a reporting cycle as plain data (no ORM): workbook and PDF share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class SectionColumn:
    section_id: str
    title: str


@dataclass(frozen=True)
class KpiColumn:
    """A KPI of the cycle's rubrics; `bases` are the per-hours bases it is shown in."""

    kpi_id: str
    name: str
    unit: str
    category: str
    core: bool
    sdg: tuple[str, ...]
    bases: tuple[str, ...]  # basis labels; empty for KPIs that are not rates per hours


@dataclass(frozen=True)
class KpiFigure:
    """One organisation's KPI: the value and, for rates, one value per basis of its column."""

    value: Decimal | None
    by_basis: tuple[Decimal | None, ...] = ()


@dataclass(frozen=True)
class BandOutcome:
    stars: int
    passed: bool
    failed: tuple[str, ...]  # the failed gates in words


@dataclass(frozen=True)
class OrgResult:
    name: str
    credit_code: str
    kind: str
    province: str
    groups: tuple[str, ...]
    status: str  # the assessment's status in words, or "not started"
    started: bool
    submitted: bool
    overall: Decimal | None = None
    stars: int | None = None  # None: not rated (or not scored)
    final: bool = False
    sections: tuple[Decimal | None, ...] = ()  # aligned with AnnualData.sections
    bands: tuple[BandOutcome, ...] = ()
    kpis: tuple[KpiFigure | None, ...] = ()  # aligned with AnnualData.kpis


@dataclass(frozen=True)
class PooledFigure:
    """A KPI pooled over a group (all organisations, or one working group)."""

    group: str
    kpi_id: str
    value: Decimal | None
    by_basis: tuple[Decimal | None, ...]
    counted: int
    total: int


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    previous: int | None = None  # last year's count, where it means something


@dataclass(frozen=True)
class AnnualData:
    year: int
    lang: str
    sections: tuple[SectionColumn, ...]
    kpis: tuple[KpiColumn, ...]
    organisations: tuple[OrgResult, ...]
    pooled: tuple[PooledFigure, ...]
    star_distribution: tuple[Count, ...]
    participation: tuple[Count, ...]
    basis_labels: tuple[str, ...] = ()  # the per-hours bases, in PooledFigure.by_basis order
    max_stars: int = 5
    notes: tuple[str, ...] = field(default_factory=tuple)
