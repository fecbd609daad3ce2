"""The reviewer's changes to items: one item's decision, the rest accepted, the submit."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments.queries import rubric_of
from rcapp.i18n import current_lang
from rcapp.mail.tasks import deliver_outbox
from rcapp.reviews import reviewing
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.errors import (
    AssignmentSubmitted,
    ReviewFinalised,
    ReviewRefused,
    SavedMeanwhile,
    UndecidedItems,
    YearClosed,
)
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.forms import ActionForm, DecisionForm
from rcapp.reviews.gone_assignment import gone_assignment
from rcapp.reviews.messages import refusal_text, saved_meanwhile_text
from rcapp.reviews.models import Decision, ReviewAssignment
from rcapp.reviews.outcome_mail import queue_submitted_notice
from rcapp.reviews.page_refusal import refused_page, wants_parts
from rcapp.reviews.pages import scale_of, shortened
from rcapp.reviews.permissions import ReviewAction, require_review
from rcapp.reviews.reviewer_page import (
    flash_saved,
    item_url,
    kept_text,
    refused_change,
    render_review_page,
    rest_to_accept,
)
from rcapp.reviews.rules import NA
from rcapp.reviews.saved_in_place import item_answer
from rcapp.rubrics.model import ItemKind
from rcapp.web import get_or_404, login_required


@bp.post("/assignments/<int:assignment_id>/items/<item_id>")
@login_required
def decide(assignment_id: int, item_id: str) -> str | Response | tuple[str | Response, int]:
    typed = request.form.get(f"d-{item_id}-reason", "")
    if (gone := gone_assignment(assignment_id, typed)) is not None:
        return gone
    assignment = get_or_404(ReviewAssignment, assignment_id)
    # His own page without forms now (another tab submitted, the year or the review closed):
    # told why, as the page is, before the form's checks (a finalised review is no longer
    # his to open, hence not `load`).
    closed = reviewing.closed_to_reviewer(assignment)
    if closed is None or assignment.reviewer_id != current_user.id:
        require_review(current_user, ReviewAction.REVIEW, assignment)
    rubric = rubric_of(assignment.review.assessment)
    item = rubric.item_index().get(item_id)
    if item is None:
        abort(404)
    card = self_scorecard(assignment.review.assessment, rubric)
    scored = card.item(item_id)
    is_na = scored.is_na
    own = None if is_na else scored.claimed_level
    binary = item.kind is ItemKind.YES_NO
    form = DecisionForm(prefix=f"d-{item_id}").configure(
        scale_of(item), is_na, own, item_id, binary
    )
    if closed is not None:
        return _refused_closed(assignment, item_id, closed, form)
    if not form.validate_on_submit():
        return item_answer(assignment, item_id, request.form.copy(), "refused")
    level = int(form.level.data) if form.level.data not in (None, "") else None
    seen = form.seen.data if form.seen.name in request.form else None
    try:
        reviewing.save_decision(
            assignment,
            item,
            is_na,
            Decision(form.decision.data),
            level,
            form.reason.data or "",
            current_user,
            seen,
            NA if is_na else own,
        )
    except SavedMeanwhile as meanwhile:
        db.session().rollback()
        return _decided_meanwhile(assignment, item_id, meanwhile), 409
    except (AssignmentSubmitted, YearClosed, ReviewFinalised) as refused:  # since the check
        return _refused_closed(assignment, item_id, refused, form)
    except ReviewRefused as refused:
        db.session().rollback()
        errors = {item_id: refusal_text(refused)}
        return item_answer(assignment, item_id, request.form.copy(), "refused", errors)
    db.session().commit()
    flash_saved(_("%(item)s 的评审结论已保存。", item=item_id), f"item-{item_id}")
    if wants_parts():  # save-in-place.js: the item as stored, its echo, the page's counts
        return item_answer(assignment, item_id, None, "saved")
    return redirect(_item_page(assignment, item_id))


def _refused_closed(
    assignment: ReviewAssignment, item_id: str, refused: ReviewRefused, form: DecisionForm
) -> Response:
    """Say why the page has no form for the save any more, quoting the level and reason typed.

    The full page answers at the address posted to; a finalised review's leads to the
    reviewer's submitted work (finalising withdrew him had he not submitted).
    """
    message = kept_text(refused, item_id, form.reason.data or "", _level_label(form))
    page = None if assignment.review.is_final else (lambda: render_review_page(assignment))
    return refused_page(message, _item_page(assignment, item_id), _("重新打开本页"), page)


def _item_page(assignment: ReviewAssignment, item_id: str) -> str:
    """Return the address of the review page's section of `item_id`, at the item."""
    rubric = rubric_of(assignment.review.assessment)
    section = next(s.id for s, _e, i in rubric.iter_items() if i.id == item_id)
    return item_url(assignment, section, item_id)


def _level_label(form: DecisionForm) -> str:
    """Return the level chosen as the form read it (a yes/no item's 是 / 否), or ""."""
    chosen = form.level.data or ""
    labels = [str(c[1]) for c in form.level.iter_choices() if chosen and c[0] == chosen]
    return labels[0] if labels else ""


def _decided_meanwhile(
    assignment: ReviewAssignment, item_id: str, meanwhile: SavedMeanwhile
) -> str | Response:
    """Show the item as typed, say what is stored; the page is now based on the stored one."""
    posted = request.form.copy()
    stored = reviewing.decision_of(assignment, item_id)
    posted[f"d-{item_id}-seen"] = reviewing.decision_stamp(stored)
    text = saved_meanwhile_text(meanwhile, None, yourself=meanwhile.by_id == current_user.id)
    return item_answer(assignment, item_id, posted, "conflict", {item_id: text})


UNDECIDED_NAMED = 10  # named in the submit refusal; the others counted


@bp.post("/assignments/<int:assignment_id>/accept-rest")
@login_required
def accept_rest(assignment_id: int) -> Response:
    if (gone := gone_assignment(assignment_id)) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    if ActionForm().validate_on_submit():
        rubric = rubric_of(assignment.review.assessment)
        card = self_scorecard(assignment.review.assessment, rubric)
        rest, na = rest_to_accept(assignment, card)
        if not rest and not assignment.is_submitted:  # a second press: nothing to do or log
            sampled = len(reviewing.sampled_undecided(assignment))
            if sampled:  # qa54 4: say why nothing was accepted
                flash(_sampled_text(sampled, accepted=False), "warning")
            else:
                flash(_("其余评价项都已给出结论，没有需要接受的评价项。"), "success")
            return redirect(url_for("reviews.review_page", assignment_id=assignment.id))
        try:
            accepted = reviewing.accept_remaining(
                assignment, rest, na, current_user, self_verdicts(card)
            )
        except ReviewRefused as refused:  # submitted already, or in conflict now
            return refused_change(assignment, refused)
        db.session().commit()
        # read after the write: what is still open (no read between the check and the write)
        sampled = len(reviewing.sampled_undecided(assignment))
        if accepted.added:
            flash(
                ngettext(
                    "已接受其余 %(num)d 个评价项的自评等级。",
                    "已接受其余 %(num)d 个评价项的自评等级。",
                    accepted.added,
                ),
                "success",
            )
        if sampled:  # the sampled items are not among them: each is decided on its own
            flash(_sampled_text(sampled, accepted=bool(accepted.added)), "warning")
        if accepted.meanwhile:  # decided in another tab since the page was loaded: kept
            kept = str(_("、")).join(accepted.meanwhile)
            flash(
                ngettext(
                    "%(num)d 个评价项已在此期间另行作出结论，保留该结论：%(items)s。",
                    "%(num)d 个评价项已在此期间另行作出结论，保留该结论：%(items)s。",
                    len(accepted.meanwhile),
                    items=kept,
                ),
                "warning",
            )
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id))


@bp.post("/assignments/<int:assignment_id>/submit")
@login_required
def submit(assignment_id: int) -> Response:
    if (gone := gone_assignment(assignment_id)) is not None:
        return gone
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    if assignment.is_submitted:
        flash(_("本评审已提交，无需重复提交。"), "success")
        return redirect(url_for("reviews.index"))
    if ActionForm().validate_on_submit():
        try:
            reviewing.submit_assignment(assignment, current_user)
        except AssignmentSubmitted:
            db.session().rollback()
            flash(_("本评审已提交，无需重复提交。"), "success")
            return redirect(url_for("reviews.index"))
        except UndecidedItems as refused:
            db.session().rollback()
            flash(_undecided_text(assignment, refused.item_ids), "error")
            return redirect(url_for("reviews.review_page", assignment_id=assignment.id))
        except ReviewRefused as refused:
            db.session().rollback()
            flash(refusal_text(refused), "error")
            return redirect(url_for("reviews.review_page", assignment_id=assignment.id))
        queue_submitted_notice(assignment, current_user)  # the lead and deputies (qa66 #4)
        db.session().commit()
        deliver_outbox()  # after the commit that stored the notices
        flash(_("评审已提交。"), "success")
    return redirect(url_for("reviews.index"))


def _sampled_text(count: int, *, accepted: bool) -> str:
    """Say that the sampled items were not accepted with the rest, and why (qa54 4)."""
    if accepted:
        return str(
            ngettext(
                "抽查的 %(num)d 个评价项不在其中：抽查项须逐项给出结论后才能提交评审。",
                "抽查的 %(num)d 个评价项不在其中：抽查项须逐项给出结论后才能提交评审。",
                count,
            )
        )
    return str(
        ngettext(
            "没有接受任何评价项：尚未给出结论的 %(num)d 个评价项都是抽查项，抽查项须逐项给出结论，"
            "不能一并接受。",
            "没有接受任何评价项：尚未给出结论的 %(num)d 个评价项都是抽查项，抽查项须逐项给出结论，"
            "不能一并接受。",
            count,
        )
    )


def _undecided_text(assignment: ReviewAssignment, item_ids: tuple[str, ...]) -> Markup:
    """Name the first undecided sampled items in the page's order, each a link to its item.

    Code and title (qa54 4: forty bare codes said nothing), the rest as a count; a list, one
    item a line, not one run joined by 、 (qa59 p3).
    """
    undecided = set(item_ids)
    rubric = rubric_of(assignment.review.assessment)
    lang = current_lang()
    named = [(s, i) for s, _e, i in rubric.iter_items() if i.id in undecided]
    lines = [
        Markup('<li><a href="{}">{} {}</a></li>').format(
            item_url(assignment, s.id, i.id), i.id, shortened(i.prompt.get(lang))
        )
        for s, i in named[:UNDECIDED_NAMED]
    ]
    if len(named) > UNDECIDED_NAMED:
        more = len(named) - UNDECIDED_NAMED
        lines.append(
            Markup("<li>{}</li>").format(
                ngettext("以及另外 %(num)d 项", "以及另外 %(num)d 项", more)
            )
        )
    text = ngettext(
        "还有 %(num)d 个抽查项未给出结论：", "还有 %(num)d 个抽查项未给出结论：", len(item_ids)
    )
    return Markup("{}<ul>{}</ul>").format(text, Markup("").join(lines))
