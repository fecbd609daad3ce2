"""The discrepancy map and the final levels: self against each reviewer, item by item.

Reads a review's rows (no queries of its own) and applies rules.py: what each reviewer's
decision means as a level, which items are flagged, what the final level of each is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.reviews.models import Decision, ItemDecision, Review, ReviewAssignment
from rcapp.reviews.rules import NA, FinalRule, Verdict, consolidated, final_rule, is_flagged
from rcapp.rubrics.model import ItemKind, Rubric, Section
from rcapp.scoring import Scorecard


def self_verdicts(card: Scorecard) -> dict[str, Verdict]:
    """Return the organisation's own level per item (a number item's band level); N/A as NA."""
    found: dict[str, Verdict] = {}
    for section in card.sections:
        for element in section.elements:
            for item in element.items:
                if item.is_na:
                    found[item.item_id] = NA
                elif item.claimed_level is not None:
                    found[item.item_id] = item.claimed_level
    return found


def decision_verdict(decision: ItemDecision | None, self_verdict: Verdict) -> Verdict:
    """Return what a decision means; an item without one counts as accepted."""
    if decision is None or decision.decision in (Decision.ACCEPT, Decision.NA_ACCEPT):
        return self_verdict
    return decision.level if decision.level is not None else self_verdict


def reviewer_verdicts(
    assignment: ReviewAssignment, selfs: Mapping[str, Verdict]
) -> dict[str, Verdict]:
    decisions = {d.item_id: d for d in assignment.decisions}
    return {item_id: decision_verdict(decisions.get(item_id), v) for item_id, v in selfs.items()}


@dataclass(frozen=True)
class ItemRow:
    item_id: str
    self_verdict: Verdict
    reviewers: tuple[tuple[Verdict, ItemDecision | None], ...]  # one per submitted reviewer
    flagged: bool
    settled: Verdict | None  # the lead's level, when settled
    settlement_reason: str | None
    final: Verdict

    @property
    def changed(self) -> bool:
        return self.final != self.self_verdict

    @property
    def final_rule(self) -> FinalRule | None:
        """How the final level was taken from reviewers who differ (None: agreed or settled)."""
        if self.flagged or self.settled is not None:
            return None
        return final_rule([verdict for verdict, _ in self.reviewers])

    @property
    def na_claimed(self) -> bool:
        """Whether the organisation or a reviewer claimed N/A: only then may it be settled N/A."""
        return self.self_verdict == NA or any(verdict == NA for verdict, _ in self.reviewers)

    @property
    def disputed(self) -> bool:
        """Flagged, settled, or moved by any reviewer: what the lead needs to look at."""
        moved = any(verdict != self.self_verdict for verdict, _ in self.reviewers)
        return self.flagged or self.settled is not None or moved


@dataclass(frozen=True)
class SectionRows:
    section: Section
    rows: tuple[ItemRow, ...]

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows if row.flagged)


@dataclass(frozen=True)
class LeftOut:
    """The rubric's items the map leaves out, having no self level to compare.

    `unscored`: number items kept for information (no bands, weight 0), which have no level
    at all; `no_level`: any other item without a self level (not answered). The progress
    counts every item of the rubric, so the map says which ones it does not list.
    """

    unscored: tuple[str, ...] = ()
    no_level: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.unscored) + len(self.no_level)


@dataclass(frozen=True)
class DiscrepancyMap:
    assignments: tuple[ReviewAssignment, ...]
    sections: tuple[SectionRows, ...]
    left_out: LeftOut = LeftOut()
    # The self-assessed section scores the map was drawn from, by section id: what the
    # finalise confirmation sets beside the final ones.
    self_scores: Mapping[str, Decimal | None] = field(default_factory=dict)

    @property
    def rows(self) -> list[ItemRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def unsettled(self) -> tuple[str, ...]:
        return tuple(r.item_id for r in self.rows if r.flagged and r.settled is None)

    def final_verdicts(self) -> dict[str, Verdict]:
        return {row.item_id: row.final for row in self.rows}


def discrepancy_map(review: Review, rubric: Rubric, card: Scorecard) -> DiscrepancyMap:
    """Compare self with every submitted reviewer on every item, in rubric order."""
    selfs = self_verdicts(card)
    assignments = tuple(review.submitted_assignments)
    decided = [{d.item_id: d for d in a.decisions} for a in assignments]
    settlements = {s.item_id: s for s in review.settlements}
    sections = []
    unscored: list[str] = []
    no_level: list[str] = []
    for section in rubric.sections:
        rows = []
        for element in section.elements:
            for item in element.items:
                if item.id not in selfs:
                    (unscored if item.is_informational else no_level).append(item.id)
                    continue
                own = selfs[item.id]
                pairs = tuple(
                    (decision_verdict(d.get(item.id), own), d.get(item.id)) for d in decided
                )
                verdicts = [v for v, _ in pairs]
                settlement = settlements.get(item.id)
                settled: Verdict | None = None
                if settlement is not None:
                    settled = NA if settlement.level is None else settlement.level
                final = settled if settled is not None else consolidated(own, verdicts)
                rows.append(
                    ItemRow(
                        item_id=item.id,
                        self_verdict=own,
                        reviewers=pairs,
                        flagged=is_flagged(own, verdicts, item.kind is ItemKind.YES_NO),
                        settled=settled,
                        settlement_reason=None if settlement is None else settlement.reason,
                        final=final,
                    )
                )
        sections.append(SectionRows(section, tuple(rows)))
    return DiscrepancyMap(
        assignments,
        tuple(sections),
        LeftOut(tuple(unscored), tuple(no_level)),
        {section.section_id: section.score for section in card.sections},
    )
