"""The next step towards the next star, as the home page's to-do card sums it up.

The improvement path lists the fewest item raises that pass the next star's *score*
conditions. That is the next step only when nothing else stands in the way: a submitted
assessment cannot change its items, unanswered items and unmet prerequisites come first,
and a star that needs a peer review is not reached by a self-assessment. Pure: reads the
scorecard the card shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rcapp.scoring import GateKind, GateReach, Scorecard


class AdviceKind(enum.StrEnum):
    AWAIT_REVIEW = "await_review"  # submitted: items locked, the peer review moves the rating
    ANSWER_FIRST = "answer_first"  # items unanswered, and every item answered is a condition
    PREREQUISITES = "prerequisites"  # no rating while a prerequisite is unmet
    PEER_REVIEW = "peer_review"  # the next star needs a peer review: self-assessed, capped
    NOT_BY_ITEMS = "not_by_items"  # even every item at its top level would not do
    VETOED = "vetoed"  # a veto takes the next star this year, whatever is done or reviewed
    RAISE_ITEMS = "raise_items"  # the path's raises (plus `other_conditions`, if any)


@dataclass(frozen=True)
class StarAdvice:
    kind: AdviceKind
    next_stars: int
    count: int = 0  # items to answer (ANSWER_FIRST) or to raise (RAISE_ITEMS, PEER_REVIEW)
    other_conditions: int = 0  # RAISE_ITEMS: conditions item raises cannot fix
    needs_review: bool = False  # the next star needs a peer review (AWAIT_REVIEW)

    @property
    def shows_steps(self) -> bool:
        return self.kind is AdviceKind.RAISE_ITEMS


def star_advice(card: Scorecard | None, *, editable: bool, final: bool) -> StarAdvice | None:
    """Return the one true next step to the next star, or None when there is none to give.

    `editable`: the organisation can still change its answers; `final`: the card is the
    final rating of a finished peer review (nothing left to do this year).
    """
    if card is None or final or card.path is None or card.rating.next_stars is None:
        return None
    path, target = card.path, card.rating.next_stars
    kinds = {gate.kind for gate in path.blockers}
    needs_review = GateKind.PEER_REVIEWED in kinds
    if any(g.kind is GateKind.VETO and g.reach is GateReach.NOT_THIS_YEAR for g in path.blockers):
        # no item and no peer review lifts it this year (qa40 S4: the card said the peer
        # review could change the rating of a vetoed result)
        return StarAdvice(AdviceKind.VETOED, target)
    if not editable:
        return StarAdvice(AdviceKind.AWAIT_REVIEW, target, needs_review=needs_review)
    if card.missing and GateKind.ALL_SECTIONS_ASSESSED in kinds:
        return StarAdvice(AdviceKind.ANSWER_FIRST, target, count=len(card.missing))
    if GateKind.PREREQUISITES_MET in kinds:
        return StarAdvice(AdviceKind.PREREQUISITES, target)
    if needs_review:
        # still editable (a draft, or returned): the score gap and the other conditions it
        # can meet are named beside the peer review (qa40 S3), the raises that close the gap
        raises = len(path.steps) if path.reachable else 0
        return StarAdvice(AdviceKind.PEER_REVIEW, target, count=raises, needs_review=True)
    if not path.reachable:
        return StarAdvice(AdviceKind.NOT_BY_ITEMS, target)
    return StarAdvice(
        AdviceKind.RAISE_ITEMS,
        target,
        count=len(path.steps),
        other_conditions=len(path.blockers),
    )
