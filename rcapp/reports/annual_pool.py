"""Which submitted results pool into each KPI of the annual figures: their pinned rubric decides.

Company and park rubrics share input names (lost-time injuries, hours worked), so a KPI pools
only the inputs of the results whose pinned rubric has it: the same rubric id as the cycle's
rubric that defines the KPI, and either the same version or one that defines the KPI alike
(formula, unit, hour bases: rcapp.rubrics.kpi_compare.comparable_kpis, as year over year
decides). A result pinned to a version that defines the KPI otherwise is in neither the
pool nor its total: its inputs measure something else (rc-company@1 EN-01 was tonnes of SO2,
@2 is kg per tonne of product). Rates are pooled, never averaged (rcapp.scoring.group_kpi).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rcapp.reports.annual_model import PooledFigure
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.model import BASIS_MULTIPLIERS, Aggregation, Kpi, Rubric
from rcapp.scoring import group_kpi
from rcapp.scoring.kpis import formula_names, raw_kpi
from rcapp.scoring.model import KpiInputs


@dataclass(frozen=True)
class PinnedInputs:
    """One submitted result's raw KPI inputs and the rubric version it is pinned to."""

    rubric: Rubric
    inputs: KpiInputs
    organisation_id: int | None = None  # whose result: pairs one organisation's years


class KpiPools:
    """The KPIs of a cycle's rubrics, each pooled over the results whose rubric has it."""

    def __init__(self, rubrics: Iterable[Rubric]) -> None:
        self.defined: dict[str, tuple[Rubric, Kpi]] = {}
        for rubric in rubrics:
            for kpi in rubric.kpis:
                self.defined.setdefault(kpi.id, (rubric, kpi))
        self._alike: dict[tuple[str, str], frozenset[str]] = {}

    @property
    def kpis(self) -> dict[str, Kpi]:
        return {kpi_id: kpi for kpi_id, (_rubric, kpi) in self.defined.items()}

    def members(self, kpi_id: str, results: Iterable[PinnedInputs]) -> list[KpiInputs]:
        """Return the inputs of the `results` that pool into the KPI `kpi_id`."""
        return [r.inputs for r in self.pinned_members(kpi_id, results)]

    def pinned_members(self, kpi_id: str, results: Iterable[PinnedInputs]) -> list[PinnedInputs]:
        """Return the `results` that pool into the KPI `kpi_id`."""
        reference = self.defined[kpi_id][0]
        return [r for r in results if kpi_id in self._pooled_kpis(r.rubric, reference)]

    def reporting(self, kpi_id: str, results: Iterable[PinnedInputs]) -> frozenset[int | None]:
        """Return whose `results` count in the KPI's pooled figure (its `counted`), by organisation.

        A sum or mean counts the members with a value, a pooled rate or index the members
        that report every input of its formula (rcapp.scoring.group_kpi).
        """
        kpi = self.defined[kpi_id][1]
        needed = formula_names(kpi)
        summed = kpi.aggregation in (Aggregation.SUM, Aggregation.MEAN)
        return frozenset(
            r.organisation_id
            for r in self.pinned_members(kpi_id, results)
            if (raw_kpi(kpi, r.inputs) is not None if summed else needed <= r.inputs.keys())
        )

    def redefined(self, kpi_id: str, results: Iterable[PinnedInputs]) -> bool:
        """Whether any of `results` is pinned to a version that defines the KPI otherwise."""
        reference = self.defined[kpi_id][0]
        return any(
            r.rubric.id == reference.id
            and kpi_id not in self._pooled_kpis(r.rubric, reference)
            and any(kpi.id == kpi_id for kpi in r.rubric.kpis)
            for r in results
        )

    def undefined(self, kpi_id: str, results: Iterable[PinnedInputs]) -> bool:
        """Whether the rubric versions `results` are pinned to have no such KPI at all.

        rc-company@2 added EN-09..EN-13: a 2024 (version 1) column has no figure of them for
        another reason than too few organisations reporting (QA52 m4).
        """
        reference = self.defined[kpi_id][0]
        pinned = [r.rubric for r in results if r.rubric.id == reference.id]
        return bool(pinned) and not any(k.id == kpi_id for r in pinned for k in r.kpis)

    def restated(self, kpi_id: str, results: Iterable[PinnedInputs]) -> Kpi | None:
        """Return the KPI as an earlier version pooled into it defined its unit or group figure.

        rc-company@1 RS-04's group figure was an index (base year = 100), @2's is the
        intensity itself: the formula is the same, so the year pools (kpi_compare) in this
        year's unit, which is not the figure that year's report printed (qa17 S10).
        """
        reference = self.defined[kpi_id][1]
        for result in self.pinned_members(kpi_id, results):
            was = next((k for k in result.rubric.kpis if k.id == kpi_id), None)
            if was is not None and (
                was.unit != reference.unit or was.aggregation is not reference.aggregation
            ):
                return was
        return None

    def _pooled_kpis(self, pinned: Rubric, reference: Rubric) -> frozenset[str]:
        key = (pinned.key, reference.key)
        found = self._alike.get(key)
        if found is None:
            if pinned.id != reference.id:
                found = frozenset()
            elif pinned.version == reference.version:
                found = frozenset(kpi.id for kpi in reference.kpis)
            else:
                found = comparable_kpis(pinned, reference)
            self._alike[key] = found
        return found


def pooled_figures(
    pools: KpiPools,
    groups: dict[str, list[PinnedInputs]],
    everyone: str,
    bases: dict[str, list[PinnedInputs]] | None = None,
) -> list[PooledFigure]:
    """Pool every KPI over each group; `counted` of `total` are the members whose rubric has it.

    The group named `everyone` lists every KPI; a working group leaves out the KPIs none of
    its members' rubrics has (a group of companies has no park figures). `bases` are each
    group's results of the base year, which an index KPI (base year = 100) is pooled against
    as the annual report's chapter 5 pools it (qa46 D3).
    """
    figures: list[PooledFigure] = []
    for name, results in groups.items():
        for kpi_id, kpi in pools.kpis.items():
            members = pools.members(kpi_id, results)
            base = pools.members(kpi_id, (bases or {}).get(name, []))
            if members or name == everyone:
                figures.append(_figure(name, kpi, members, base))
    return figures


def _figure(
    group: str, kpi: Kpi, members: Sequence[KpiInputs], base: Sequence[KpiInputs]
) -> PooledFigure:
    result = group_kpi(kpi, members, base)
    by_basis = {b.basis: b.value for b in result.by_basis}
    return PooledFigure(
        group,
        kpi.id,
        result.value,
        tuple(by_basis.get(b) for b in BASIS_MULTIPLIERS),
        result.members_counted,
        result.members_total,
    )
