"""Peer-review rules as pure functions: conflicts of interest, the risk sample, discrepancies.

No Flask, no database: callers pass plain facts (an import-linter contract keeps it so).

Levels: a reviewed item's verdict is a level (int) or `NA` (the N/A claim stands).
A difference of more than `FLAG_GAP` levels between the self level and a reviewer's,
or between two reviewers, flags the item (on a yes/no item any difference: one level is
the whole scale), and so does any rejected N/A claim: the lead
settles every flagged item. An unflagged item takes the lower median of the reviewers'
levels (with two reviewers, the lower one): a claim counts only as far as the
reviewers, within the tolerance, confirmed it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

NA: Final = "na"
Verdict = int | Literal["na"]
FLAG_GAP: Final = 1
DEFAULT_SAMPLE_CAP: Final = 40
DEFAULT_KPI_MOVERS: Final = 3


def saved_stamp(saved_at: dt.datetime | None) -> str:
    """Return what a page keeps of the row it showed: "0" for none, else when it was saved.

    A save whose page kept an older stamp than the stored row's was based on something
    else (another tab, a colleague); the services refuse it rather than overwrite.
    """
    return "0" if saved_at is None else saved_at.isoformat()


class ReviewKindRule(enum.StrEnum):
    DESK = "desk"
    ONSITE = "onsite"


MIN_REVIEWERS: Final = {ReviewKindRule.DESK: 1, ReviewKindRule.ONSITE: 2}


class Conflict(enum.StrEnum):
    """Why a reviewer may not review an organisation (shown to the lead)."""

    SAME_ORGANISATION = "same_organisation"
    SAME_PARENT_GROUP = "same_parent_group"
    SAME_PARK = "same_park"  # both resident companies of one park
    # A park and its resident company, said the way round it is (qa51 S7: "在同一化工园区"
    # did not say that the reviewer's company is a resident of the park under review).
    RESIDENT_OF_REVIEWED_PARK = "resident_of_reviewed_park"
    PARK_OF_REVIEWED = "park_of_reviewed"
    RECIPROCAL = "reciprocal"
    DECLARED = "declared"
    ALREADY_ASSIGNED = "already_assigned"
    # Four eyes: whoever settles the review (a lead or deputy of the organisation's groups)
    # does not also review it, or they would settle disagreements with themselves.
    SETTLES = "settles"


@dataclass(frozen=True)
class OrgFacts:
    """What the conflict rules look at about an organisation."""

    id: int
    parent_group: str | None = None
    park_id: int | None = None


def conflicts(
    reviewer_org: OrgFacts,
    reviewed: OrgFacts,
    *,
    pairs_in_cycle: Collection[tuple[int, int]] = (),
    declared: Collection[int] = (),
    already_assigned: bool = False,
    settles: bool = False,
) -> tuple[Conflict, ...]:
    """List every reason the reviewer (from `reviewer_org`) may not review `reviewed`.

    `pairs_in_cycle` holds (reviewer organisation id, reviewed organisation id) of the
    cycle's existing assignments: reviewing an organisation whose people already review
    yours is reciprocal. `declared` holds the organisations the reviewer declared a
    conflict with. Parent groups compare trimmed and case-insensitively; a park and its
    resident companies share a park. `settles`: the reviewer leads or deputises a group of
    the reviewed organisation, so settles this review.
    """
    found: list[Conflict] = []
    if reviewer_org.id == reviewed.id:
        found.append(Conflict.SAME_ORGANISATION)  # which makes group and park moot
    else:
        if _same_group(reviewer_org.parent_group, reviewed.parent_group):
            found.append(Conflict.SAME_PARENT_GROUP)
        if (park := _park_conflict(reviewer_org, reviewed)) is not None:
            found.append(park)
    if (reviewed.id, reviewer_org.id) in set(pairs_in_cycle):
        found.append(Conflict.RECIPROCAL)
    if reviewed.id in set(declared):
        found.append(Conflict.DECLARED)
    if already_assigned:
        found.append(Conflict.ALREADY_ASSIGNED)
    if settles:
        found.append(Conflict.SETTLES)
    return tuple(found)


def _same_group(one: str | None, other: str | None) -> bool:
    a, b = (one or "").strip().casefold(), (other or "").strip().casefold()
    return bool(a) and a == b


def _park_conflict(reviewer_org: OrgFacts, reviewed: OrgFacts) -> Conflict | None:
    """Both in the same park, or one is the other's park (which way round), or None."""
    if reviewer_org.park_id is not None and reviewer_org.park_id == reviewed.park_id:
        return Conflict.SAME_PARK
    if reviewer_org.park_id == reviewed.id:
        return Conflict.RESIDENT_OF_REVIEWED_PARK
    if reviewed.park_id == reviewer_org.id:
        return Conflict.PARK_OF_REVIEWED
    return None


def too_few_reviewers(kind: ReviewKindRule, count: int) -> bool:
    return count < MIN_REVIEWERS[kind]


# The programme's plan (journeys: "each submitted assessment gets at least two reviewers").
# A desk review with one reviewer may still be finalised (MIN_REVIEWERS): the rubric's
# star bands decide what it can reach, and the lead is warned below this many.
ADVISED_REVIEWERS: Final = 2


@dataclass(frozen=True)
class ReviewerShortfall:
    """Fewer reviewers than the plan; `stars`: the lowest band that needs more (or None)."""

    count: int
    stars: int | None = None
    needed: int = ADVISED_REVIEWERS


def reviewer_shortfall(
    count: int, peer_gates: Sequence[tuple[int, int]]
) -> ReviewerShortfall | None:
    """Say whether `count` reviewers fall short of the plan, and which band that closes.

    `peer_gates` are the rubric's (stars, minimum reviewers) of its peer-review conditions.
    """
    if count >= ADVISED_REVIEWERS:
        return None
    closed = sorted((stars, needed) for stars, needed in peer_gates if needed > count)
    if not closed:
        return ReviewerShortfall(count)
    return ReviewerShortfall(count, closed[0][0], closed[0][1])


@dataclass(frozen=True)
class SampleItem:
    """An item as the sampler sees it: its self level (None when N/A) and the scale."""

    item_id: str
    level: int | None
    max_level: int
    weight: Decimal = Decimal(1)
    section: str = ""  # the section (code of practice, management system) it belongs to


def review_sample(
    items: Sequence[SampleItem],
    path_items: Collection[str] = (),
    cap: int = DEFAULT_SAMPLE_CAP,
    focus: Collection[str] = (),
) -> tuple[str, ...]:
    """Choose the items a reviewer must check, riskiest first, at most `cap` of them.

    Order: items on the path to the next star; N/A claims (each must be accepted or
    rejected, so they are always in, beyond the cap); then high levels (at or above three
    quarters of the item's scale, and above 0), heaviest and highest first within each
    section, taken from the sections in turn (in rubric order), two at a turn from the
    `focus` sections (the reviewing group's own code): taken in rubric order alone, the
    first sections filled the sample and the group's own code had none.
    """
    on_path = [i.item_id for i in items if i.item_id in set(path_items)]
    na = [i.item_id for i in items if i.level is None]
    high = sorted(
        (i for i in items if is_high(i)),
        key=lambda i: (-i.weight, -Decimal(i.level or 0) / i.max_level),
    )
    chosen: list[str] = []
    for item_id in on_path:
        if item_id not in chosen and len(chosen) < cap:
            chosen.append(item_id)
    for item_id in _in_turn(high, [i.section for i in items], focus):
        if item_id not in chosen and len(chosen) < cap:
            chosen.append(item_id)
    return tuple(chosen + [i for i in na if i not in chosen])


def is_high(item: SampleItem) -> bool:
    """Tell a high self level: at or above three quarters of the scale, and above 0."""
    return item.level is not None and item.level > 0 and 4 * item.level >= 3 * item.max_level


class SampleReason(enum.StrEnum):
    """Why an item is among those a reviewer rules on one by one (shown beside it, qa70 M1)."""

    NEXT_STAR = "next_star"  # on the path to the next star
    NA_CLAIM = "na_claim"
    HIGH_LEVEL = "high_level"
    CHANGED = "changed"  # its claim changed since the previous submission (must_check)


def sample_reasons(
    checked: Sequence[str],
    items: Sequence[SampleItem],
    path_items: Collection[str] = (),
    changed: Collection[str] = (),
) -> dict[str, tuple[SampleReason, ...]]:
    """Say, for each item of `checked`, every reason of review_sample and must_check it meets.

    Read from the same facts the sampler reads, so a page can tell an N/A claim from a step
    to the next star. An item meeting none now (the sample is stored when the review opens;
    a claim changed after a return is CHANGED) gets an empty tuple.
    """
    by_id = {i.item_id: i for i in items}
    path, moved = set(path_items), set(changed)
    found: dict[str, tuple[SampleReason, ...]] = {}
    for item_id in checked:
        item = by_id.get(item_id)
        reasons = [
            SampleReason.NEXT_STAR if item_id in path else None,
            SampleReason.NA_CLAIM if item is not None and item.level is None else None,
            SampleReason.HIGH_LEVEL if item is not None and is_high(item) else None,
            SampleReason.CHANGED if item_id in moved else None,
        ]
        found[item_id] = tuple(r for r in reasons if r is not None)
    return found


def must_check(sample: Sequence[str], changed: Collection[str]) -> tuple[str, ...]:
    """Return the items a reviewer rules on one by one: the sample, then the changed claims.

    An item whose level or N/A claim changed since the previous submission (after a return)
    is always in, beyond the cap like an N/A claim: a claim raised between two submissions
    was never looked at (qa49 #7). The sample is stored when the review opens; the changes
    are read when asked, so a return during the review adds its changes too.
    """
    return tuple(dict.fromkeys((*sample, *changed)))


def _in_turn(
    ranked: Sequence[SampleItem], order: Sequence[str], focus: Collection[str]
) -> list[str]:
    """Interleave the ranked items section by section, the focus sections twice a turn."""
    queues: dict[str, list[str]] = {section: [] for section in order}
    for item in ranked:
        queues[item.section].append(item.item_id)
    found: list[str] = []
    while any(queues.values()):
        for section, queue in queues.items():
            for _ in range(2 if section in focus else 1):
                if queue:
                    found.append(queue.pop(0))
    return found


def kpi_movers(
    current: Mapping[str, Decimal | None],
    previous: Mapping[str, Decimal | None],
    top: int = DEFAULT_KPI_MOVERS,
) -> tuple[str, ...]:
    """Return the KPIs whose value moved most since last year (relative change), largest first.

    A KPI without a value in either year, or at zero last year, is left out.
    """
    moves: list[tuple[Decimal, str]] = []
    for kpi_id, now in current.items():
        before = previous.get(kpi_id)
        if now is None or before is None or before == 0:
            continue
        moves.append((abs(now - before) / abs(before), kpi_id))
    moves.sort(key=lambda move: (-move[0], move[1]))
    return tuple(kpi_id for _, kpi_id in moves[:top])


def undecided(sample: Sequence[str], decided: Collection[str]) -> tuple[str, ...]:
    decided_set = set(decided)
    return tuple(item_id for item_id in sample if item_id not in decided_set)


def review_is_complete(sample: Sequence[str], decided: Collection[str]) -> bool:
    """Tell whether a review can be submitted: once every sampled item has a decision."""
    return not undecided(sample, decided)


def gap(one: Verdict, other: Verdict) -> int | None:
    """Level difference; None when one side is N/A and the other is not (a disagreement)."""
    if one == NA or other == NA:
        return 0 if one == other else None
    assert isinstance(one, int)  # noqa: S101 - narrowed above
    assert isinstance(other, int)  # noqa: S101 - narrowed above
    return abs(one - other)


def is_flagged(
    self_verdict: Verdict, reviewer_verdicts: Sequence[Verdict], binary: bool = False
) -> bool:
    """Whether the lead must settle the item (see the module docstring).

    `binary`: a yes/no item, whose one level is the whole scale: any difference flags it.
    """
    tolerance = 0 if binary else FLAG_GAP
    verdicts = [self_verdict, *reviewer_verdicts]
    for i, one in enumerate(verdicts):
        for other in verdicts[i + 1 :]:
            difference = gap(one, other)
            if difference is None or difference > tolerance:
                return True
    return False


def consolidated(self_verdict: Verdict, reviewer_verdicts: Sequence[Verdict]) -> Verdict:
    """Return the level an unflagged item keeps: the lower median of the reviewers' verdicts."""
    if not reviewer_verdicts:
        return self_verdict
    if any(v == NA for v in reviewer_verdicts):
        return NA if all(v == NA for v in reviewer_verdicts) else self_verdict
    levels = sorted(v for v in reviewer_verdicts if isinstance(v, int))
    return levels[(len(levels) - 1) // 2]


class FinalRule(enum.StrEnum):
    """How `consolidated` chose among reviewers who differ, said on the lead's page (qa66 #3)."""

    LOWER = "lower"  # two reviewers: the lower level
    MEDIAN = "median"  # an odd number: the middle level
    LOWER_MEDIAN = "lower_median"  # an even number above two: the lower of the middle two


def final_rule(reviewer_verdicts: Sequence[Verdict]) -> FinalRule | None:
    """Return the rule an unflagged item's level follows; None when the reviewers agree.

    Reviewers who differ on N/A flag the item, so only levels are left to choose among.
    """
    if len(set(reviewer_verdicts)) < 2 or any(v == NA for v in reviewer_verdicts):
        return None
    if len(reviewer_verdicts) == 2:
        return FinalRule.LOWER
    return FinalRule.MEDIAN if len(reviewer_verdicts) % 2 else FinalRule.LOWER_MEDIAN
