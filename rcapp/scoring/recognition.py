"""Which star gates the secretariat, not the organisation, meets: verification and the case.

The five-star (benchmark) band asks for the secretariat's or a third party's verification
and a published good-practice case; nothing the organisation answers passes them. An
organisation short of the top band by these alone is a candidate for the secretariat to
verify, or to publish a case of.
"""

from __future__ import annotations

from rcapp.scoring.scorecard import GateKind, StarRating

RECOGNITION_GATES = frozenset({GateKind.VERIFIED, GateKind.GOOD_PRACTICE_CASE})


def short_only_of_recognition(rating: StarRating) -> bool:
    """Whether the rating misses the top band by the recognition gates and nothing else.

    The next band must be the top one (bands are cumulative) and every failed gate of it a
    recognition gate; a rating not rated (a prerequisite unmet) or already at the top is not.
    """
    return (
        rating.rated
        and rating.next_stars == rating.max_stars
        and bool(rating.binding)
        and all(gate.kind in RECOGNITION_GATES for gate in rating.binding)
    )


def missing_recognition(rating: StarRating) -> tuple[GateKind, ...]:
    """Return the recognition gates the next band fails, in the band's order."""
    return tuple(gate.kind for gate in rating.binding if gate.kind in RECOGNITION_GATES)
