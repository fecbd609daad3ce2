"""The lead edits, drops or restores a submitted finding on the map, before finalising.

A refused change shows the map again with the input typed and the message beside the
finding; a stale page (the finding changed since) gets 409 and the form now based on the
stored finding, so a second save decides (as settling does).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.audit.queries import Hand
from rcapp.audit.whose import whose_text
from rcapp.reviews import lead_findings
from rcapp.reviews.blueprint import bp, load, own_organisation_refusal
from rcapp.reviews.errors import FindingChanged, ReviewFinalised, YearClosed
from rcapp.reviews.finding_action import run_finding_action
from rcapp.reviews.finding_gone import dropped_stamp, finding_stamp
from rcapp.reviews.forms import DropFindingForm, LeadFindingForm, RestoreFindingForm
from rcapp.reviews.lead_findings_page import FailedForm
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import Finding, Review
from rcapp.reviews.permissions import ReviewAction, leads_own_organisation
from rcapp.reviews.year_lock import year_closed
from rcapp.web import get_or_404, login_required

F = TypeVar("F", LeadFindingForm, DropFindingForm, RestoreFindingForm)


def _page(review: Review, failed: FailedForm | None, status: int) -> tuple[str, int]:
    # The map's page is built in views, which imports this module for its routes.
    from rcapp.reviews.views import consolidation_page

    return consolidation_page(review, status=status, finding_failed=failed)


def _review_of(review_id: int) -> Review | tuple[str, int]:
    """Return the review the lead may manage, or refuse their own organisation's (qa54)."""
    review = get_or_404(Review, review_id)
    if leads_own_organisation(current_user, review.assessment):
        return own_organisation_refusal()
    return load(Review, review_id, ReviewAction.MANAGE)


def _finding_of(review: Review, finding_id: int) -> Finding:
    finding = get_or_404(Finding, finding_id)
    if finding.review_id != review.id:
        return get_or_404(Finding, 0)  # another review's finding: not found here
    return finding


def _gone(review: Review, typed: str) -> tuple[str, int] | None:
    """Refuse at once, quoting the input, when the review is final or its year closed."""
    if not (review.is_final or year_closed(review)):
        return None
    year = review.assessment.cycle.year
    refused = ReviewFinalised("edit findings") if review.is_final else YearClosed("edit", year)
    message = refusal_text(refused)
    if typed:
        message += " " + str(_("您填写的内容：%(text)s", text=typed))
    flash(message, "error")
    return _page(review, None, 409)


@bp.post("/<int:review_id>/findings/<int:finding_id>/edit")
@login_required
def lead_edit_finding(review_id: int, finding_id: int) -> tuple[str, int] | Response:
    def edit(review: Review, finding: Finding, form: LeadFindingForm) -> None:
        fields = (form.text.data or "", form.owner.data or "", form.due_on.data)
        lead_findings.edit_finding(review, finding, *fields, current_user, form.seen.data or "")

    return _change(review_id, finding_id, LeadFindingForm, "finding", edit, _("发现已修改。"))


@bp.post("/<int:review_id>/findings/<int:finding_id>/drop")
@login_required
def lead_drop_finding(review_id: int, finding_id: int) -> tuple[str, int] | Response:
    def drop(review: Review, finding: Finding, form: DropFindingForm) -> None:
        reason = form.reason.data or ""
        lead_findings.drop_finding(review, finding, reason, current_user, form.seen.data or "")

    return _change(
        review_id, finding_id, DropFindingForm, "drop", drop, _("发现已删去，不会发给单位。")
    )


@bp.post("/<int:review_id>/findings/<int:finding_id>/restore")
@login_required
def lead_restore_finding(review_id: int, finding_id: int) -> tuple[str, int] | Response:
    def restore(review: Review, finding: Finding, form: RestoreFindingForm) -> None:
        lead_findings.restore_finding(review, finding, current_user, form.seen.data or "")

    done = _("发现已恢复，定级后将发给单位。")
    return _change(review_id, finding_id, RestoreFindingForm, "restore", restore, done)


def _change(
    review_id: int,
    finding_id: int,
    form_class: type[F],
    prefix: str,
    change: Callable[[Review, Finding, F], None],
    done: str,
) -> tuple[str, int] | Response:
    """Check the lead may change the finding now, run `change`, and say how it went."""
    review = _review_of(review_id)
    if not isinstance(review, Review):
        return review
    finding = _finding_of(review, finding_id)
    form = form_class(prefix=f"{prefix}-{finding.id}")
    field = _MESSAGE_FIELD[form_class]
    typed = "" if isinstance(form, RestoreFindingForm) else getattr(form, field).data
    if (gone := _gone(review, typed or "")) is not None:
        return gone
    status = 422
    if form.validate_on_submit():
        stamp = dropped_stamp if isinstance(form, RestoreFindingForm) else finding_stamp
        run = partial(change, review, finding, form)
        refused = run_finding_action(run, form, field, finding, stamp=stamp)
        if refused is None:
            flash(done, "success")
            return redirect(_anchor(review, finding))
        status = refused.status
        if isinstance(form, RestoreFindingForm) and isinstance(refused.error, FindingChanged):
            form.seen.errors = [_restore_stale_text(refused.error.hand)]
    return _page(review, (finding.id, form), status)


# Where a refusal's message goes: beside what was typed; the restore button types nothing.
_MESSAGE_FIELD = {LeadFindingForm: "text", DropFindingForm: "reason", RestoreFindingForm: "seen"}


def _restore_stale_text(hand: Hand | None) -> str:
    return whose_text(
        hand,
        mine=_(
            "这条发现已在您的另一窗口、标签页或设备中恢复后再次删去（现在的删去理由见上）；"
            "未恢复，请核对后如仍要恢复请再点一次。"
        ),
        named=lambda name: _(
            "这条发现在您打开本页后已被 %(name)s 恢复后再次删去（现在的删去理由见上）；"
            "未恢复，请核对后如仍要恢复请再点一次。",
            name=name,
        ),
        unknown=_(
            "这条发现在您打开本页后已被他人恢复后再次删去（现在的删去理由见上）；"
            "未恢复，请核对后如仍要恢复请再点一次。"
        ),
    )


def _anchor(review: Review, finding: Finding) -> str:
    return url_for("reviews.consolidate", review_id=review.id) + f"#finding-{finding.id}"
