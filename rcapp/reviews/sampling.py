"""The risk sample read from a self scorecard: which items, and why each (rules.review_sample).

One place turns a scorecard into the sampler's facts, so the sample stored when a review
opens and the reasons its page shows beside each item (qa70 M1) are read alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.rules import NA, SampleItem, SampleReason, review_sample, sample_reasons
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard


def sample_facts(rubric: Rubric, card: Scorecard) -> tuple[list[SampleItem], tuple[str, ...]]:
    """Return the scored claims as the sampler sees them, and the items on the next star's path.

    Only scored claims count: an item of weight 0, or a number reported without bands, has
    no level to check.
    """
    items = rubric.item_index()
    section_of = {
        item.id: section.id
        for section in rubric.sections
        for element in section.elements
        for item in element.items
    }
    sample_items = [
        SampleItem(
            item_id=item_id,
            level=None if verdict == NA else int(verdict),
            max_level=card.item(item_id).max_level,
            weight=items[item_id].weight,
            section=section_of.get(item_id, ""),
        )
        for item_id, verdict in self_verdicts(card).items()
        if items[item_id].weight > 0
    ]
    path = () if card.path is None else tuple(step.item_id for step in card.path.steps)
    return sample_items, path


def sample_of(rubric: Rubric, card: Scorecard, focus: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the risk sample of the self scorecard, spread over the sections.

    `focus` (the reviewing group's own code) is weighted double.
    """
    sample_items, path = sample_facts(rubric, card)
    return review_sample(sample_items, path, focus=focus)


def reasons_of(
    rubric: Rubric, card: Scorecard, checked: Sequence[str], changed: Collection[str]
) -> dict[str, tuple[SampleReason, ...]]:
    """Return why each item of `checked` (rules.must_check) is to be ruled on one by one."""
    sample_items, path = sample_facts(rubric, card)
    return sample_reasons(checked, sample_items, path, changed)


def reason_counts(
    reasons: Iterable[tuple[SampleReason, ...]],
) -> list[tuple[SampleReason, int]]:
    """Count the items of each reason, in the reasons' order, leaving out those of none."""
    counted = Counter(reason for these in reasons for reason in these)
    return [(reason, counted[reason]) for reason in SampleReason if counted[reason]]
