"""The items an appeal disputes: what the form offers, and each disputed item's levels.

An appeal may name items of the review's discrepancy map (the items with a self level)
as disputed; none names the rating as a whole. The secretariat's decision page, the
lead's map and the final page list each with the self level, the reviewers' levels, the
final one and the reasons given, as the final page's changed items read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rcapp.assessments.queries import rubric_of
from rcapp.reviews.consolidation import DiscrepancyMap, ItemRow, SectionRows, discrepancy_map
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Appeal, Review
from rcapp.reviews.outcome_rows import Reason, changed_reasons
from rcapp.reviews.settlers import settlers_of
from rcapp.rubrics.model import Item, ItemKind, Text


@dataclass(frozen=True)
class DisputedItem:
    """One item an appeal disputes, as the map has it now."""

    section_id: str
    prompt: Text
    row: ItemRow
    binary: bool  # a yes/no item: its levels read 是 / 否
    reasons: list[Reason]
    reviewer_names: list[str]

    @property
    def item_id(self) -> str:
        return self.row.item_id


def review_map(review: Review) -> DiscrepancyMap:
    rubric = rubric_of(review.assessment)
    return discrepancy_map(review, rubric, self_scorecard(review.assessment, rubric))


def item_sections(review: Review) -> tuple[SectionRows, ...]:
    """Return the items an appeal may name, by section, in rubric order."""
    return tuple(s for s in review_map(review).sections if s.rows)


def item_choices(sections: Iterable[SectionRows]) -> list[tuple[str, str]]:
    """Return the appeal form's choices: every item of the map, by id."""
    return [(row.item_id, row.item_id) for s in sections for row in s.rows]


def named_items(appeal: Appeal) -> list[Item]:
    """Return the rubric items the appeal disputes, in rubric order (for its mails)."""
    wanted = set(appeal.item_ids)
    items = rubric_of(appeal.review.assessment).item_index().values()
    return [item for item in items if item.id in wanted]


def disputed_items(appeal: Appeal) -> list[DisputedItem]:
    """Return the disputed items in rubric order, with their levels and reasons."""
    if not appeal.items:
        return []
    wanted = set(appeal.item_ids)
    review = appeal.review
    found = review_map(review)
    settlers = settlers_of(review)
    names = [a.reviewer.name for a in found.assignments]
    items = rubric_of(review.assessment).item_index()
    return [
        DisputedItem(
            section_id=s.section.id,
            prompt=items[row.item_id].prompt,
            row=row,
            binary=items[row.item_id].kind is ItemKind.YES_NO,
            reasons=changed_reasons(row, found.assignments, settlers.get(row.item_id)),
            reviewer_names=names,
        )
        for s in found.sections
        for row in s.rows
        if row.item_id in wanted
    ]
