"""The reviewer's page: answers and evidence beside each item, decisions, findings, submit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.models import Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.fields import options
from rcapp.i18n import current_lang
from rcapp.reviews import rechecks, reviewing
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.errors import (
    AssignmentSubmitted,
    ReviewRefused,
    SavedMeanwhile,
    UndecidedItems,
    YearClosed,
)
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.forms import ActionForm, DecisionForm, FindingForm
from rcapp.reviews.messages import (
    FINDING_TEXT,
    conflict_now_text,
    refusal_text,
    saved_meanwhile_text,
)
from rcapp.reviews.models import Decision, Finding, FindingKind, ReviewAssignment
from rcapp.reviews.pages import (
    SectionView,
    item_choices,
    kpi_checks,
    reviewer_sections,
    scale_of,
)
from rcapp.reviews.permissions import ReviewAction
from rcapp.reviews.rules import NA
from rcapp.reviews.year_lock import year_closed
from rcapp.web import get_or_404, login_required


def _finding_form(assignment: ReviewAssignment, form: FindingForm | None = None) -> FindingForm:
    found = form or FindingForm(formdata=None)
    rubric = rubric_of(assignment.review.assessment)
    found.item_id.choices = options([("", _("（整体）")), *item_choices(rubric, current_lang())])
    return found


def _page(
    assignment: ReviewAssignment,
    posted: tuple[str, MultiDict[str, str]] | None = None,
    finding_form: FindingForm | None = None,
    errors: dict[str, str] | None = None,
) -> str:
    review = assignment.review
    rubric = rubric_of(review.assessment)
    card = self_scorecard(review.assessment, rubric)
    sections = reviewer_sections(assignment, rubric, card, posted)
    current = _current_section(sections, posted[0] if posted else None)
    if posted is not None:
        # Show the refused item as typed, with the form's and the service's errors.
        for view in (v for section in sections for v in section.items):
            if view.item.id == posted[0]:
                view.form.validate()
                extra = [errors[posted[0]]] if errors and posted[0] in errors else []
                view.form.reason.errors = [*view.form.reason.errors, *extra]
    return render_template(
        "reviews/review.html",
        assignment=assignment,
        review=review,
        sections=sections,
        current=current,
        kpis=kpi_checks(review.assessment, rubric, review),
        findings=[f for f in review.findings if f.assignment_id == assignment.id],
        finding_form=_finding_form(assignment, finding_form),
        finding_text=FINDING_TEXT,
        action_form=ActionForm(),
        lang=current_lang(),
        NA=NA,
        Decision=Decision,
        conflict=_conflict_text(assignment),
        year_closed=year_closed(review),
    )


def _conflict_text(assignment: ReviewAssignment) -> str:
    """Say why the reviewer may not go on (their organisations changed), or ''."""
    found = rechecks.conflict_of(assignment)
    if found is None:
        return ""
    return str(
        _(
            "您现与被评审单位存在利益冲突（%(reasons)s），不能再保存或提交本评审；"
            "已保存的结论仍保留，供组长查看。请联系工作组组长。",
            reasons=conflict_now_text(found),
        )
    )


def _current_section(sections: list[SectionView], item_id: str | None) -> SectionView:
    """Pick the section asked for, or the one holding `item_id`, or the first with open samples."""
    wanted = request.args.get("section")
    for view in sections:
        if view.section.id == wanted or any(i.item.id == item_id for i in view.items):
            return view
    return next((v for v in sections if v.open_sampled), sections[0])


def _item_url(assignment: ReviewAssignment, section: str, item_id: str) -> str:
    return url_for("reviews.review_page", assignment_id=assignment.id, section=section) + (
        f"#item-{item_id}"
    )


@bp.get("/assignments/<int:assignment_id>")
@login_required
def review_page(assignment_id: int) -> str:
    return _page(load(ReviewAssignment, assignment_id, ReviewAction.REVIEW))


@bp.post("/assignments/<int:assignment_id>/items/<item_id>")
@login_required
def decide(assignment_id: int, item_id: str) -> str | tuple[str, int] | Response:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    rubric = rubric_of(assignment.review.assessment)
    item = rubric.item_index().get(item_id)
    if item is None:
        abort(404)
    card = self_scorecard(assignment.review.assessment, rubric)
    scored = card.item(item_id)
    is_na = scored.is_na
    own = None if is_na else scored.claimed_level
    form = DecisionForm(prefix=f"d-{item_id}").configure(scale_of(item), is_na, own, item_id)
    if not form.validate_on_submit():
        return _page(assignment, (item_id, request.form.copy()))
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
        )
    except SavedMeanwhile as meanwhile:
        db.session().rollback()
        return _decided_meanwhile(assignment, item_id, meanwhile), 409
    except (AssignmentSubmitted, YearClosed) as refused:
        # Submitted in another tab, or the year closed, meanwhile: no form is shown any
        # more, so quote the reason.
        db.session().rollback()
        flash(_kept_text(refused, item_id, form.reason.data or ""), "error")
        return _page(assignment), 409
    except ReviewRefused as refused:
        db.session().rollback()
        return _page(
            assignment, (item_id, request.form.copy()), errors={item_id: refusal_text(refused)}
        )
    db.session().commit()
    flash(_("%(item)s 的评审结论已保存。", item=item_id), "success")
    section = next(s.id for s, _e, i in rubric.iter_items() if i.id == item_id)
    return redirect(_item_url(assignment, section, item_id))


def _decided_meanwhile(
    assignment: ReviewAssignment, item_id: str, meanwhile: SavedMeanwhile
) -> str:
    """Show the item as typed, say what is stored; the page is now based on the stored one."""
    posted = request.form.copy()
    stored = reviewing.decision_of(assignment, item_id)
    posted[f"d-{item_id}-seen"] = reviewing.decision_stamp(stored)
    text = saved_meanwhile_text(meanwhile, None, yourself=meanwhile.by_id == current_user.id)
    return _page(assignment, (item_id, posted), errors={item_id: text})


@bp.post("/assignments/<int:assignment_id>/accept-rest")
@login_required
def accept_rest(assignment_id: int) -> Response:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    if ActionForm().validate_on_submit():
        rubric = rubric_of(assignment.review.assessment)
        card = self_scorecard(assignment.review.assessment, rubric)
        sample = set(assignment.review.sample)
        scores = [i for s in card.sections for e in s.elements for i in e.items]
        rest = [i.item_id for i in scores if i.item_id not in sample and (i.answered or i.is_na)]
        na = {i.item_id for i in scores if i.is_na}
        try:
            accepted = reviewing.accept_remaining(assignment, rest, na, current_user)
        except AssignmentSubmitted:
            db.session().rollback()
            return _already_submitted(assignment)
        except ReviewRefused as refused:  # in conflict now
            db.session().rollback()
            flash(refusal_text(refused), "error")
            return redirect(url_for("reviews.review_page", assignment_id=assignment.id))
        db.session().commit()
        flash(
            ngettext(
                "已接受其余 %(num)d 个评价项的自评等级。",
                "已接受其余 %(num)d 个评价项的自评等级。",
                accepted.added,
            ),
            "success",
        )
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


@bp.post("/assignments/<int:assignment_id>/findings")
@login_required
def add_finding(assignment_id: int) -> str | tuple[str, int] | Response:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    form = _finding_form(assignment, FindingForm())
    if form.validate_on_submit():
        try:
            reviewing.add_finding(
                assignment,
                FindingKind(form.kind.data),
                form.text.data or "",
                form.item_id.data or None,
                form.owner.data or "",
                form.due_on.data,
                current_user,
            )
        except (AssignmentSubmitted, YearClosed) as refused:  # no form shown any more
            db.session().rollback()
            flash(_kept_text(refused, None, form.text.data or ""), "error")
            return _page(assignment), 409
        except ReviewRefused as refused:
            db.session().rollback()
            form.text.errors = [refusal_text(refused)]
        else:
            db.session().commit()
            flash(_("发现已记录。"), "success")
            return redirect(
                url_for("reviews.review_page", assignment_id=assignment.id) + "#findings"
            )
    return _page(assignment, finding_form=form)


@bp.post("/assignments/<int:assignment_id>/findings/<int:finding_id>/delete")
@login_required
def delete_finding(assignment_id: int, finding_id: int) -> Response:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    finding = db.session().get(Finding, finding_id)
    if finding is None:  # a double click, or deleted in another tab: it is gone either way
        flash(_("发现已删除。"), "success")
    elif ActionForm().validate_on_submit():
        try:
            reviewing.delete_finding(finding, assignment, current_user)
        except AssignmentSubmitted:
            db.session().rollback()
            return _already_submitted(assignment)
        except ReviewRefused as refused:  # in conflict now
            db.session().rollback()
            flash(refusal_text(refused), "error")
            return redirect(url_for("reviews.review_page", assignment_id=assignment.id))
        db.session().commit()
        flash(_("发现已删除。"), "success")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id) + "#findings")


@bp.post("/assignments/<int:assignment_id>/submit")
@login_required
def submit(assignment_id: int) -> Response:
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
        db.session().commit()
        flash(_("评审已提交。"), "success")
    return redirect(url_for("reviews.index"))


def _undecided_text(assignment: ReviewAssignment, item_ids: tuple[str, ...]) -> Markup:
    """Name the undecided sampled items in the page's order, each a link to its item."""
    undecided = set(item_ids)
    rubric = rubric_of(assignment.review.assessment)
    links = escape(_("、")).join(
        Markup('<a href="{}">{}</a>').format(_item_url(assignment, s.id, i.id), i.id)
        for s, _e, i in rubric.iter_items()
        if i.id in undecided
    )
    # The translated sentence is escaped with a placeholder, then the links go in.
    text = ngettext(
        "还有 %(num)d 个抽查项未给出结论：%(items)s。",
        "还有 %(num)d 个抽查项未给出结论：%(items)s。",
        len(item_ids),
        items="{items}",
    )
    return escape(text).format(items=links)


def _already_submitted(assignment: ReviewAssignment) -> Response:
    flash(_("您的评审已提交，不能再修改。"), "error")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id))


def _kept_text(refused: ReviewRefused, item_id: str | None, typed: str) -> str:
    """Say why nothing was saved and quote what was typed: the page has no form for it now."""
    message = refusal_text(refused)
    if not typed.strip():
        return message
    if item_id is None:
        return message + " " + str(_("您填写的内容：%(text)s", text=typed))
    return (
        message + " " + str(_("您为 %(item)s 填写的理由：%(reason)s", item=item_id, reason=typed))
    )


@bp.get("/assignments/<int:assignment_id>/evidence/<int:attachment_id>")
@login_required
def evidence(assignment_id: int, attachment_id: int) -> Response:
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    attachment = get_or_404(Attachment, attachment_id)
    if attachment.assessment_id != assignment.review.assessment_id:
        abort(404)
    return storage.send_attachment(attachment)
