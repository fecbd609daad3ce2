"""The findings on the lead's consolidation page: every submitted one, with its forms.

Each row names the reviewer and, for a finding the lead may still change, carries its
edit and drop forms (a dropped one: its restore button); a refused one (`failed`) comes
back as typed, with its errors. A corrective action on an item the lead settled at the
organisation's own level is marked: the action asks for work on a level nobody now disputes.
A finding once dropped and then restored says so (who, when, why: finding_history).
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.reviews.consolidation import DiscrepancyMap
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.finding_history import DropUndone, drops_undone
from rcapp.reviews.forms import DropFindingForm, LeadFindingForm, RestoreFindingForm
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review

FailedForm = tuple[int, LeadFindingForm | DropFindingForm | RestoreFindingForm]


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    reviewer: str | None
    edit: LeadFindingForm
    drop: DropFindingForm
    restore: RestoreFindingForm
    settled_at_self: bool  # a corrective action on an item settled at the self level
    open_form: str | None  # "edit", "drop" or "restore": the form a refused save comes back in
    undone: DropUndone | None  # its latest drop that a restore undid


def settled_at_self_actions(review: Review, found: DiscrepancyMap) -> set[int]:
    """Return the ids of the kept corrective actions on items the lead settled at self level.

    The consolidation page marks them, the confirmation page repeats the warning before
    finalising (QA grouprun 4): each still goes to the organisation unless the lead drops it.
    One the lead already accepted as done (a rating an appeal reopened) needs no warning.
    """
    at_self = {
        row.item_id
        for row in found.rows
        if row.settled is not None and row.settled == row.self_verdict
    }
    return {
        f.id
        for f in review.findings
        if f.kind is FindingKind.CORRECTIVE_ACTION
        and not f.is_dropped
        and f.action_status is not ActionStatus.ACCEPTED
        and f.item_id in at_self
    }


def finding_rows(
    review: Review, found: DiscrepancyMap, failed: FailedForm | None
) -> list[FindingRow]:
    """List the submitted reviews' findings, kept and dropped, in the order they were written."""
    submitted = {a.id: a for a in review.submitted_assignments}
    at_self = settled_at_self_actions(review, found)
    undone = drops_undone(review)
    rows = []
    for finding in review.findings:
        if finding.assignment_id is not None and finding.assignment_id not in submitted:
            continue  # a draft: the reviewer's own until she submits
        assignment = submitted.get(finding.assignment_id or 0)
        edit, drop, restore, open_form = _forms(finding, failed)
        rows.append(
            FindingRow(
                finding,
                None if assignment is None else assignment.reviewer.name,
                edit,
                drop,
                restore,
                finding.id in at_self,
                open_form,
                undone.get(finding.id),
            )
        )
    return rows


def _forms(
    finding: Finding, failed: FailedForm | None
) -> tuple[LeadFindingForm, DropFindingForm, RestoreFindingForm, str | None]:
    prefix = f"finding-{finding.id}"
    stamp = finding_stamp(finding)
    edit = LeadFindingForm(
        formdata=None,
        prefix=prefix,
        data={
            "text": finding.text,
            "owner": finding.owner,
            "due_on": finding.due_on,
            "seen": stamp,
        },
    )
    drop = DropFindingForm(formdata=None, prefix=f"drop-{finding.id}", data={"seen": stamp})
    restore = RestoreFindingForm(
        formdata=None, prefix=f"restore-{finding.id}", data={"seen": dropped_stamp(finding)}
    )
    if failed is None or failed[0] != finding.id:
        return edit, drop, restore, None
    typed = failed[1]
    if isinstance(typed, LeadFindingForm):
        return typed, drop, restore, "edit"
    if isinstance(typed, DropFindingForm):
        return edit, typed, restore, "drop"
    return edit, drop, typed, "restore"
