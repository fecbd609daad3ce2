"""The rating of record after a resubmission: a final rating only ever lowered by new data.

A peer-reviewed (final) rating stays when the secretariat returns the assessment; what the
organisation resubmits is a self-assessment, not reviewed again. Its data can still trigger
a veto or a cap (an event, deaths in the KPI data, a mismatch between the KPI data and the
events register): those apply at once, so the rating of record is the lower of the final
stars and the cap the resubmitted data set. Raising the stars needs a new peer review, so
nothing here ever raises them, and a lowering stays once made (`lowered` keeps the
peer-reviewed stars and the gates that lowered them).
"""

from __future__ import annotations

import dataclasses

from rcapp.scoring.scorecard import BandResult, Gate, GateKind, LoweredRating, StarRating

# Gates the organisation's own data decide and no reviewer judges: a failure caps the stars.
DATA_CAP_GATES = frozenset({GateKind.VETO, GateKind.KPI_THRESHOLD, GateKind.DATA_CONSISTENT})


def data_cap(current: StarRating) -> tuple[int, tuple[Gate, ...]] | None:
    """Return the most stars the data allow and the gates that cap them (None: no cap).

    The lowest band with a failed data gate caps the stars one below it; its failed data
    gates are the reasons.
    """
    for band in sorted(current.bands, key=lambda b: b.stars):
        failed = tuple(g for g in band.failed if g.kind in DATA_CAP_GATES)
        if failed:
            return band.stars - 1, failed
    return None


def rating_of_record(final: StarRating, current: StarRating) -> StarRating:
    """Return the final rating, lowered to the cap `current`'s data set; never raised.

    `final` is the peer-reviewed rating as stored (perhaps lowered before), `current` the
    rating of the self-assessment resubmitted since. A final rating that is not rated stays.
    """
    cap = data_cap(current)
    if cap is None or not final.rated or cap[0] >= final.stars:
        return final
    return lowered_to(final, cap[0], cap[1], current)


def lowered_to(
    final: StarRating, stars: int, gates: tuple[Gate, ...], current: StarRating | None = None
) -> StarRating:
    """Return `final` lowered to `stars` by `gates` (`current`: whose veto hits to keep).

    The bands above the cap get the capping gates, so "why not the next star" names them;
    an earlier lowering's peer-reviewed stars and gates are kept.
    """
    if stars >= final.stars:
        return final
    earlier = final.lowered
    kept = earlier.gates if earlier is not None else ()
    reasons = kept + tuple(g for g in gates if g not in kept)
    bands = tuple(_with_gates(band, reasons, stars) for band in final.bands)
    hits = current.vetoes if current is not None else ()
    vetoes = final.vetoes + tuple(h for h in hits if h not in final.vetoes)
    upcoming = next((b for b in bands if b.stars > stars), None)
    return dataclasses.replace(
        final,
        stars=stars,
        bands=bands,
        vetoes=vetoes,
        next_stars=None if upcoming is None else upcoming.stars,
        binding=() if upcoming is None else upcoming.failed,
        lowered=LoweredRating(
            peer_stars=earlier.peer_stars if earlier is not None else final.stars,
            gates=reasons,
        ),
    )


def keep_lowering(rescored: StarRating, stored: StarRating) -> StarRating:
    """Carry a stored final rating's lowering over to the same rating scored again.

    The rescored rating (the year's recompute, the close) never rises above the lowered
    stars, and keeps saying what the peer review gave and what lowered it.
    """
    earlier = stored.lowered
    if earlier is None or rescored.lowered is not None:
        return rescored
    if rescored.stars > stored.stars:
        return lowered_to(rescored, stored.stars, earlier.gates, stored)
    if rescored.stars < earlier.peer_stars:
        return dataclasses.replace(rescored, lowered=earlier)
    return rescored


def _with_gates(band: BandResult, gates: tuple[Gate, ...], stars: int) -> BandResult:
    if band.stars <= stars:
        return band
    added = tuple(g for g in gates if g not in band.gates)
    return dataclasses.replace(band, gates=band.gates + added)
