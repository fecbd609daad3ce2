"""Run one change to a finding from a page, and say a refusal beside the field it concerns.

The reviewer's record and edit and the lead's edit, drop and restore share this frame: the
service runs; on success the edge commits once; a refusal is rolled back and its message
put on the form (a stale page's form is based on the stored finding now, so a second save
decides). The view decides what to show and with which status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from rcapp import db
from rcapp.reviews.errors import (
    AssignmentSubmitted,
    FindingChanged,
    FindingIncomplete,
    ReasonRequired,
    ReviewRefused,
    YearClosed,
)
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import Finding


@dataclass(frozen=True)
class Refusal:
    error: ReviewRefused
    status: int  # 409: the page is out of date or the change locked; 422: the input

    @property
    def locks_reviewer_out(self) -> bool:
        """Submitted, or the year closed: the reviewer's page shows no form any more."""
        return isinstance(self.error, (AssignmentSubmitted, YearClosed))


def run_finding_action(
    action: Callable[[], object],
    form: FlaskForm,
    field: str,
    finding: Finding | None = None,
    other_status: int = 409,
    stamp: Callable[[Finding], str] = finding_stamp,
) -> Refusal | None:
    """Run `action` and commit (None), or roll back and put the refusal on `form`.

    `field` takes a message that names no field of its own; `finding` is the one changed,
    whose stored version a stale form is based on afterwards; `other_status` is the status
    of any other refusal (the lead's: the review changed under her; the reviewer's: input);
    `stamp` says what of the finding a form's `seen` carries.
    """
    try:
        action()
    except ReviewRefused as refused:
        db.session().rollback()
        status = _say(refused, form, field, other_status)
        if isinstance(refused, FindingChanged) and finding is not None:
            form.seen.data = stamp(finding)  # rolled back: the stored finding now
        return Refusal(refused, status)
    db.session().commit()
    return None


def _say(refused: ReviewRefused, form: FlaskForm, field: str, other: int) -> int:
    if isinstance(refused, FindingIncomplete):
        getattr(form, refused.field).errors = [refusal_text(refused)]
        return 422
    if isinstance(refused, ReasonRequired):
        getattr(form, field).errors = [_("请填写删去理由。")]
        return 422
    getattr(form, field).errors = [refusal_text(refused)]
    return 409 if isinstance(refused, FindingChanged) else other
