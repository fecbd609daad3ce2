"""An organisation's own KPI targets across its years: met, missed, on track or not yet due.

Each year's assessment keeps the targets the organisation had that year; the years page
lists every distinct target of the years it shows (the submitted ones and the one being
filled, whose targets are the current ones), judged by the scoring rules (scoring.targets)
on the KPI inputs the result page uses, with the latest rubric's KPIs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.models import KpiTarget
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import scoring_inputs
from rcapp.benchmarks.history import YearRow
from rcapp.rubrics.model import Kpi
from rcapp.scoring import Target
from rcapp.scoring.kpi_text import kpi_places
from rcapp.scoring.targets import TargetTrack, target_tracks

TargetKey = tuple[str, int, int, Decimal | None, Decimal | None]


@dataclass(frozen=True)
class OwnTarget:
    kpi: Kpi
    track: TargetTrack
    note: str | None
    set_in: tuple[int, ...]  # the years whose assessment lists the target
    current: bool  # listed in the latest year (else the organisation dropped it)
    places: int  # the KPI's decimals: base, target and values as every page writes them


def _key(row: KpiTarget) -> TargetKey:
    # Decimal equality (and hash) ignores trailing zeros: 0.5 and 0.500000 are one target.
    return (row.kpi_id, row.base_year, row.deadline, row.value, row.change_pct)


def own_targets(rows: Sequence[YearRow]) -> list[OwnTarget]:
    """Every distinct own target of the years shown, by KPI and deadline; [] without years."""
    if not rows:
        return []
    latest = rows[-1].assessment
    rubric = rubric_of(latest)
    inputs, _context = scoring_inputs(latest, rubric)
    years = {**inputs.kpi_history, inputs.year: inputs.kpi_inputs}
    seen: dict[TargetKey, list[int]] = {}
    notes: dict[TargetKey, str | None] = {}
    for row in rows:
        for target in row.assessment.kpi_targets:
            seen.setdefault(_key(target), []).append(row.year)
            notes[_key(target)] = target.note  # the latest year's wording wins
    ordered = sorted(seen, key=lambda k: (k[0], k[2], k[1]))
    targets = [Target(k[0], k[1], k[2], k[3], k[4]) for k in ordered]
    tracks = target_tracks(
        rubric, targets, years, rows[-1].year, [r.year for r in rows], inputs.kpi_incomparable
    )
    kpis = {kpi.id: kpi for kpi in rubric.kpis}
    by_target = {_key_of(track.target): track for track in tracks}
    return [
        OwnTarget(
            kpi=kpis[key[0]],
            track=by_target[key],
            note=notes[key],
            set_in=tuple(seen[key]),
            current=rows[-1].year in seen[key],
            places=kpi_places(rubric, kpis[key[0]]),
        )
        for key in ordered
        if key in by_target  # a KPI the latest rubric lacks cannot be measured
    ]


def _key_of(target: Target) -> TargetKey:
    return (target.kpi_id, target.base_year, target.deadline, target.value, target.change_pct)
