"""What the outcome page shows beside the numbers: why self had fewer stars, who gave a reason.

Built from the scorecards and the review's rows (no queries of its own), in the page's
language; the final page (`outcome_views`) renders them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from rcapp.assessments.views.gate_words import GateWords
from rcapp.i18n import person_text
from rcapp.reviews.consolidation import DiscrepancyMap, ItemRow, discrepancy_map
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review, ReviewAssignment
from rcapp.reviews.settlers import Settler, settlers_of
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Gate, GateKind, Scorecard, StarRating


def held_gates(rating: StarRating, final_stars: int) -> list[tuple[int, Gate]]:
    """Return the gates that kept the self result below the final stars, with their band.

    Only the bands above the self stars and up to the final stars count (the final result
    passed them); each gate (kind and subject) once, at the lowest band where it failed.
    """
    found: dict[tuple[GateKind, str | None], tuple[int, Gate]] = {}
    for band in rating.bands:
        if rating.stars < band.stars <= final_stars:
            for gate in band.failed:
                found.setdefault((gate.kind, gate.subject), (band.stars, gate))
    return list(found.values())


def self_held_text(self_card: Scorecard, final_stars: int | None, rubric: Rubric, lang: str) -> str:
    """Say why the self rating has fewer stars than the final one ('' when it has not)."""
    if final_stars is None or not self_card.rating.rated:
        return ""
    held = held_gates(self_card.rating, final_stars)
    if not held:
        return ""
    words = GateWords(rubric, self_card, lang)
    parts = []
    for stars, gate in held:
        if gate.kind is GateKind.PEER_REVIEWED:
            # The review did happen (this is its result): the self result alone is capped.
            parts.append(
                ngettext(
                    "%(stars)s 星及以上须经同行评审，自评结果本身最多 %(num)d 星；"
                    "本次同行评审后的星级即上面的最终星级",
                    "%(stars)s 星及以上须经同行评审，自评结果本身最多 %(num)d 星；"
                    "本次同行评审后的星级即上面的最终星级",
                    stars - 1,
                    stars=stars,
                )
            )
        else:
            parts.append(_("%(stars)s 星：%(gate)s", stars=stars, gate=words.gate(gate).text))
    return str(_("自评结果星级较低的原因：%(reasons)s。", reasons=str(_("；")).join(parts)))


def next_star_text(card: Scorecard, rubric: Rubric, lang: str) -> str:
    """Say which conditions keep the final result below the next star ('' at the top).

    The result page's "为什么还不是 N 星" in one line, its words (GateWords): the final
    page showed the stars without what kept the next one away (qa90 #1).
    """
    rating = card.rating
    if not rating.rated or rating.next_stars is None:
        return ""
    words = GateWords(rubric, card, lang)
    failed = [words.gate(g).text for g in rating.binding if not words.awaits(g)]
    if not failed:
        return ""
    return str(
        _(
            "为什么还不是 %(stars)s 星：%(reasons)s。",
            stars=rating.next_stars,
            reasons=str(_("；")).join(failed),
        )
    )


@dataclass(frozen=True)
class Reason:
    """One reason for a changed item, given once, with who gave it."""

    text: str
    reviewers: tuple[str, ...] = ()  # the reviewers who gave this very text
    settled_by: Settler | None = None  # the settlement's settler (None: a reviewer reason)


@dataclass(frozen=True)
class ChangedItems:
    """The items the review changed, with their reasons: the final page's and the PDF's."""

    found: DiscrepancyMap
    rows: list[ItemRow]  # the items whose final level differs from the self level
    reasons: dict[str, list[Reason]]  # by item id
    settlers: dict[str, Settler]


def changed_items(review: Review, rubric: Rubric, self_card: Scorecard) -> ChangedItems:
    found = discrepancy_map(review, rubric, self_card)
    changed = [row for row in found.rows if row.changed]
    settlers = settlers_of(review)
    reasons = {
        row.item_id: changed_reasons(row, found.assignments, settlers.get(row.item_id))
        for row in changed
    }
    return ChangedItems(found, changed, reasons, settlers)


def changed_reasons(
    row: ItemRow, assignments: tuple[ReviewAssignment, ...], settled_by: Settler | None
) -> list[Reason]:
    """List the settlement reason, then each reviewer reason once with its givers."""
    found: list[Reason] = []
    if row.settlement_reason:
        found.append(Reason(row.settlement_reason, settled_by=settled_by or Settler("", "")))
    by_text: dict[str, list[str]] = {}
    for assignment, (_verdict, decision) in zip(assignments, row.reviewers, strict=True):
        text = (decision.reason or "").strip() if decision is not None else ""
        if text:
            by_text.setdefault(text, []).append(assignment.reviewer.name)
    found.extend(Reason(text, tuple(names)) for text, names in by_text.items())
    return found


def days_overdue(finding: Finding, today: dt.date) -> int:
    """Days an open corrective action is past its due date (0: not overdue, or not open)."""
    if finding.action_status is not ActionStatus.OPEN or finding.due_on is None:
        return 0
    return max((today - finding.due_on).days, 0)


def overdue_actions(review: Review, today: dt.date) -> list[tuple[Finding, int]]:
    """Return the review's open corrective actions already past due, with days overdue."""
    found = [
        (f, days_overdue(f, today))
        for f in review.sent_findings
        if f.kind is FindingKind.CORRECTIVE_ACTION
    ]
    return sorted(
        ((f, days) for f, days in found if days),
        key=lambda pair: (pair[0].due_on or today, pair[0].item_id or ""),
    )


def split_shown(
    overdue: list[tuple[Finding, int]], reopened_at: dt.datetime | None
) -> tuple[list[tuple[Finding, int]], list[tuple[Finding, int]]]:
    """Split overdue actions into those the rating will show and those already shown.

    On a re-rating after an upheld appeal (`reopened_at`: when it was upheld) the actions of
    the first rating are on the organisation's pages, overdue already (QA37 S6); an action
    added since is shown once the rating is made. Without a reopening, none is shown yet.
    """
    if reopened_at is None:
        return overdue, []
    shown = [(f, days) for f, days in overdue if f.created_at <= reopened_at]
    return [pair for pair in overdue if pair not in shown], shown


def raised_by(finding: Finding) -> ReviewAssignment | None:
    """Return the assignment whose reviewer raised a finding (None when none is recorded).

    The final page names the reviewer from it (the name marked as a person's, the
    organisation as an organisation's); sheets read action_raiser's text.
    """
    return next((a for a in finding.review.assignments if a.id == finding.assignment_id), None)


def action_raiser(finding: Finding, with_organisation: bool, lang: str) -> str:
    """Name the reviewer who raised a corrective action ("" when none is recorded).

    The reviewed organisation reads its reviewers' names (as its findings and the final
    page's reviewer line name them), never their organisations; the lead and the
    secretariat, who assign reviewers from organisations, read the organisation too.
    """
    raised = raised_by(finding)
    if raised is None:
        return ""
    name = person_text(raised.reviewer.name)
    if not with_organisation:
        return name
    organisation = raised.reviewer_organisation.display_name(lang)
    return str(_("%(name)s（%(organisation)s）", name=name, organisation=organisation))
