"""The highest star rating within reach this year, read from the rating's own gates.

No star rule is repeated here: a failed gate says what can still make it pass
(Gate.reach, from GATE_REACH where the gates are defined). A band is out of reach this year
when it, or a band below it, has a failed gate nothing done this year can pass (years of
KPI history, a veto); the organisation reaches a band by itself when every failed gate up
to it is its own to mend (not a peer review, a verification or a published case).

A veto that ends once its event is rectified (a major hidden danger, rubric
`only_unresolved`) is the organisation's to end this year: it no longer closes the year,
the ceiling is the one after rectifying, and `rectify` names what lifts it (qa capwords 1).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rcapp.rubrics.model import VetoRule
from rcapp.scoring.scorecard import Gate, GateKind, GateReach, StarRating


@dataclass(frozen=True)
class Limit:
    """A failed gate that is not the organisation's to mend, at the lowest band it holds."""

    stars: int
    gate: Gate
    reach: GateReach


@dataclass(frozen=True)
class Ceiling:
    """The most stars within reach this year, and why not more.

    `year_stars`: the most within reach this year (0: none); `own_stars`: the most the
    organisation reaches by itself; `limits`: why not more, one per kind of condition (and
    subject), lowest band first; `todo`: the failed gates it can mend itself in the bands
    up to `own_stars`; `closing`: the gates nothing done this year passes in the lowest
    band above `year_stars` (none when the top band is within reach); `rectify`: the vetoes
    up to `year_stars` that rectifying their events lifts, lowest band first (the ceiling
    counts on it).
    """

    year_stars: int
    own_stars: int
    limits: tuple[Limit, ...]
    todo: tuple[Gate, ...]
    closing: tuple[Limit, ...] = ()
    rectify: tuple[Limit, ...] = ()

    def within_reach(self) -> tuple[Limit, ...]:
        """Return the limits in the bands up to this year's reach: what else the stars wait for."""
        return tuple(limit for limit in self.limits if limit.stars <= self.year_stars)


def rectifiable(vetoes: Iterable[VetoRule]) -> frozenset[str]:
    """Return the ids of the vetoes that end once their event is rectified."""
    return frozenset(rule.id for rule in vetoes if rule.only_unresolved)


def ceiling(rating: StarRating, rectifiable: Collection[str] = ()) -> Ceiling:
    """Return the highest stars within reach this year and why, from the bands' gates.

    `rectifiable`: the veto ids rectifying their events lifts this year (see rectifiable()).
    """

    def lifted(gate: Gate) -> bool:
        return (
            gate.kind is GateKind.VETO
            and gate.subject in rectifiable
            and gate.reach is GateReach.NOT_THIS_YEAR
        )

    def reach(gate: Gate) -> GateReach | None:
        return GateReach.COMPANY if lifted(gate) else gate.reach

    bands = sorted(rating.bands, key=lambda band: band.stars)
    year_stars = own_stars = 0
    year_open = own_open = True
    limits: dict[tuple[str, str | None], Limit] = {}
    closing: tuple[Limit, ...] = ()
    rectify: dict[Gate, Limit] = {}
    for band in bands:
        reaches = {reach(gate) for gate in band.gates} - {None}
        if year_open and GateReach.NOT_THIS_YEAR in reaches:
            closing = tuple(
                Limit(band.stars, gate, GateReach.NOT_THIS_YEAR)
                for gate in band.gates
                if reach(gate) is GateReach.NOT_THIS_YEAR
            )
        year_open = year_open and GateReach.NOT_THIS_YEAR not in reaches
        own_open = own_open and reaches <= {GateReach.COMPANY}
        year_stars = band.stars if year_open else year_stars
        own_stars = band.stars if own_open else own_stars
        for gate in band.gates:
            if lifted(gate):
                rectify.setdefault(gate, Limit(band.stars, gate, GateReach.NOT_THIS_YEAR))
            elif gate.reach is not None and gate.reach is not GateReach.COMPANY:
                limits.setdefault((gate.kind, gate.subject), Limit(band.stars, gate, gate.reach))
    todo = tuple(
        gate
        for band in bands
        if band.stars <= own_stars
        for gate in band.gates
        if gate.reach is GateReach.COMPANY
    )
    lifting = tuple(limit for limit in rectify.values() if limit.stars <= year_stars)
    return Ceiling(year_stars, own_stars, tuple(limits.values()), todo, closing, lifting)
