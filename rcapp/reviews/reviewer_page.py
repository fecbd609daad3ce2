"""The reviewer's page: answers and evidence beside each item, decisions, findings.

What it shows (rendered again by the forms that post to it, with their errors) and what it
says when a change is refused; the changes themselves are in reviewer_decisions (items and
submit) and reviewer_findings.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask import (
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments import storage
from rcapp.assessments.data_doubts import data_doubts, declared_na
from rcapp.assessments.models import Attachment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.submission_changes import changes_since_last_submission
from rcapp.clock import beijing_today
from rcapp.fields import options
from rcapp.i18n import current_lang
from rcapp.reviews import finding_files, rechecks
from rcapp.reviews.assignment_contacts import contacts_of
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.decline import can_decline
from rcapp.reviews.errors import AssignmentSubmitted, ReviewRefused
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finalised_work import render_finalised_work
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.finding_hands import droppers_of, editors_of
from rcapp.reviews.forms import ActionForm, FindingEditForm, FindingForm
from rcapp.reviews.gone_assignment import gone_on_open
from rcapp.reviews.insight_page import insight_context
from rcapp.reviews.messages import (
    FINDING_TEXT,
    SAMPLE_REASON_TEXT,
    conflict_now_text,
    refusal_text,
)
from rcapp.reviews.models import Decision, Finding, ReviewAssignment
from rcapp.reviews.pages import SectionView, item_choices, kpi_checks, reviewer_sections
from rcapp.reviews.permissions import ReviewAction, reads_own_finalised
from rcapp.reviews.resubmitted import checked_given, items_to_check, resubmitted_claims
from rcapp.reviews.rules import NA
from rcapp.reviews.sampling import reason_counts, reasons_of
from rcapp.reviews.site_contact import contact_lines, reviewer_sees_contact
from rcapp.reviews.submit_summary import submit_confirm_text
from rcapp.reviews.year_lock import year_closed
from rcapp.scoring import Scorecard
from rcapp.web import get_or_404, login_required


def finding_form_of(assignment: ReviewAssignment, form: FindingForm | None = None) -> FindingForm:
    found = form or FindingForm(formdata=None)
    rubric = rubric_of(assignment.review.assessment)
    choices = item_choices(rubric, current_lang())
    found.item_id.choices = options([("", _("（整体）")), *choices])
    # An item's "记录发现" link (…?finding_item=<id>#finding-form): the item chosen already.
    asked = request.args.get("finding_item")
    if form is None and any(asked == i for i, _t in choices):
        found.item_id.data = asked
    return found


def _edit_forms(
    assignment: ReviewAssignment,
    findings: list[Finding],
    edited: tuple[int, FindingEditForm] | None,
) -> dict[int, FindingEditForm]:
    """Build an edit form per finding while she may change them; a refused one as typed."""
    if assignment.is_submitted or year_closed(assignment.review):
        return {}
    forms = {}
    for f in findings:
        if edited is not None and edited[0] == f.id:
            forms[f.id] = edited[1]
            continue
        data = {
            "kind": f.kind.value,
            "item_id": f.item_id or "",
            "text": f.text,
            "owner": f.owner,
            "due_on": f.due_on,
            "seen": finding_stamp(f),
        }
        forms[f.id] = FindingEditForm(formdata=None, prefix=f"f{f.id}", data=data)
        finding_form_of(assignment, forms[f.id])  # the item choices
    return forms


def rest_to_accept(
    assignment: ReviewAssignment, card: Scorecard, sample: Collection[str] | None = None
) -> tuple[list[str], set[str]]:
    """Return what "accept the rest" would accept, and the items claimed N/A.

    The rest: items answered (or claimed N/A), outside the items to check one by one
    (`sample`, read when not given), not yet decided.
    """
    sample = set(items_to_check(assignment.review) if sample is None else sample)
    decided = {d.item_id for d in assignment.decisions}
    scores = [i for s in card.sections for e in s.elements for i in e.items]
    rest = [
        i.item_id
        for i in scores
        if i.item_id not in sample and i.item_id not in decided and (i.answered or i.is_na)
    ]
    return rest, {i.item_id for i in scores if i.is_na}


def render_review_page(
    assignment: ReviewAssignment,
    posted: tuple[str, MultiDict[str, str]] | None = None,
    finding_form: FindingForm | None = None,
    errors: dict[str, str] | None = None,
    edited: tuple[int, FindingEditForm] | None = None,
) -> str:
    return render_template(
        "reviews/review.html",
        **review_page_context(assignment, posted, finding_form, errors, edited),
    )


def review_page_context(
    assignment: ReviewAssignment,
    posted: tuple[str, MultiDict[str, str]] | None = None,
    finding_form: FindingForm | None = None,
    errors: dict[str, str] | None = None,
    edited: tuple[int, FindingEditForm] | None = None,
) -> dict[str, Any]:
    """Return what the page shows; its parts saved in place are rendered from it too."""
    review = assignment.review
    rubric = rubric_of(review.assessment)
    card = self_scorecard(review.assessment, rubric)
    changes = changes_since_last_submission(review.assessment)
    sample = checked_given(review, changes)
    sections = reviewer_sections(assignment, rubric, card, posted, changes)
    reasons = reasons_of(rubric, card, sample, resubmitted_claims(changes))
    current = _current_section(sections, posted[0] if posted else None)
    if posted is not None:
        # Show the refused item as typed, with the form's and the service's errors.
        for view in (v for section in sections for v in section.items):
            if view.item.id == posted[0]:
                view.form.validate()
                extra = [errors[posted[0]]] if errors and posted[0] in errors else []
                view.form.reason.errors = [*view.form.reason.errors, *extra]
    return dict(
        assignment=assignment,
        review=review,
        sections=sections,
        open_total=sum(s.open_sampled for s in sections),
        current=current,
        kpis=kpi_checks(review.assessment, rubric, review, current_lang()),
        findings=(findings := [f for f in review.findings if f.assignment_id == assignment.id]),
        edit_forms=_edit_forms(assignment, findings, edited),
        # who dropped or reworded her findings, by role and name (not "the lead" for all)
        droppers=droppers_of(review, findings),
        editors=editors_of(review),
        edited_id=None if edited is None else edited[0],
        finding_form=finding_form_of(assignment, finding_form),
        finding_text=FINDING_TEXT,
        action_form=ActionForm(),
        # nothing saved yet: the reviewer may still decline it, with a reason (decline.py)
        declinable=can_decline(assignment),
        finding_stamp=finding_stamp,
        lang=current_lang(),
        NA=NA,
        Decision=Decision,
        conflict=_conflict_text(assignment),
        year_closed=year_closed(review),
        rest_left=(rest_left := len(rest_to_accept(assignment, card, sample)[0])),
        submit_confirm=submit_confirm_text(assignment, rest_left),
        sample_count=len(sample),
        sample_reasons=reasons,
        reason_counts=reason_counts(reasons.values()),
        reason_text=SAMPLE_REASON_TEXT,
        doubts=data_doubts(review.assessment, rubric, current_lang(), declared_na(card)),
        **insight_context(review.assessment, changes, assignment.id),
        page_url=_page_url(assignment, current, posted, finding_form),
        posted_item=posted[0] if posted else None,  # its form answers the save (drafts.js)
        saved_at=(saved := _saved_at())[0],
        saved_words=saved[1],
        contacts=(contacts := contacts_of(assignment)),
        # where to go and whom to call, as the assignment mail said (on site, until final)
        site_contact=(
            contact_lines(review.assessment.organisation)
            if reviewer_sees_contact(assignment)
            else []
        ),
        days_to_due=(contacts.due - beijing_today()).days,
        upload_limits=storage.upload_limits(),  # the finding forms' file checks
        finding_files_most=finding_files.MAX_FILES_PER_FINDING,
    )


def _page_url(
    assignment: ReviewAssignment,
    current: SectionView,
    posted: tuple[str, MultiDict[str, str]] | None,
    finding_form: FindingForm | None,
) -> str | None:
    """Return the page's own address for a refused save shown in reply to a POST, or None.

    The browser stays on the POST's address (…/items/<item>): a reload offered to send the
    form again. forms.js puts this address in its place (history.replaceState), so a reload
    shows the page; the refused input stays in sight until then.
    """
    if request.method != "POST":
        return None
    if posted is not None:
        return item_url(assignment, current.section.id, posted[0])
    anchor = (
        "#findings"
        if finding_form is not None or request.endpoint == "reviews.edit_finding"
        else ""
    )
    page = url_for("reviews.review_page", assignment_id=assignment.id, section=current.section.id)
    return page + anchor


def _conflict_text(assignment: ReviewAssignment) -> str:
    """Say why the reviewer may not go on (their organisations changed), or ''."""
    found = rechecks.conflict_of(assignment)
    if found is None:
        return ""
    return str(
        _(
            "您现与被评审单位存在利益冲突（%(reasons)s），不能再保存或提交本评审；"
            "已保存的结论仍保留，供工作组组长或副组长查看。请联系工作组组长或副组长。",
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


def item_url(assignment: ReviewAssignment, section: str, item_id: str) -> str:
    return url_for("reviews.review_page", assignment_id=assignment.id, section=section) + (
        f"#item-{item_id}"
    )


@bp.get("/assignments/<int:assignment_id>")
@login_required
def review_page(assignment_id: int) -> str | Response:
    if (gone := gone_on_open(assignment_id)) is not None:
        return gone  # returned for revision, or withdrawn: said on 我的评审任务 (not 403/404)
    found = get_or_404(ReviewAssignment, assignment_id)
    if reads_own_finalised(current_user, found):
        return render_finalised_work(found)  # his submitted work, read only
    return render_review_page(load(ReviewAssignment, assignment_id, ReviewAction.REVIEW))


def _assigned_attachment(assignment_id: int, attachment_id: int) -> Attachment:
    """Return a file of the assessment under review while the reviewer may review it."""
    assignment = load(ReviewAssignment, assignment_id, ReviewAction.REVIEW)
    attachment = get_or_404(Attachment, attachment_id)
    if attachment.assessment_id != assignment.review.assessment_id:
        abort(404)
    return attachment


@bp.get("/assignments/<int:assignment_id>/evidence/<int:attachment_id>")
@login_required
def evidence(assignment_id: int, attachment_id: int) -> Response:
    return storage.send_attachment(_assigned_attachment(assignment_id, attachment_id))


@bp.get("/assignments/<int:assignment_id>/evidence/<int:attachment_id>/view")
@bp.get("/assignments/<int:assignment_id>/evidence/<int:attachment_id>/view/<path:name>")
@login_required
def view_evidence(assignment_id: int, attachment_id: int, name: str = "") -> Response:
    """Show a PDF or an image in the browser's tab; any other type is 404 (download it).

    `name` (the file's, not read) only titles an image's tab.
    """
    attachment = _assigned_attachment(assignment_id, attachment_id)
    return storage.send_attachment(attachment, inline=True)


SAVED_AT = "saved-at"  # a flash naming the anchor its save's confirmation is shown at


def flash_saved(message: str, anchor: str) -> None:
    """Confirm a save at the place the page comes back to (an item, the findings), in sight.

    At the page's top the message was out of view on a phone; base.html leaves the page's
    success messages to it (`saved_at`).
    """
    flash(message, "success")
    flash(anchor, SAVED_AT)


def _saved_at() -> tuple[str, list[str]]:
    """Return the anchor a save's confirmation goes to ('' if none) and its words."""
    anchors = [str(a) for a in get_flashed_messages(category_filter=[SAVED_AT])]
    if not anchors:
        return "", []
    return anchors[-1], [str(m) for m in get_flashed_messages(category_filter=["success"])]


def already_submitted(assignment: ReviewAssignment) -> Response:
    flash(_("您的评审已提交，不能再修改。"), "error")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id))


def refused_change(assignment: ReviewAssignment, refused: ReviewRefused) -> Response:
    """Undo a refused change and say why: submitted already, or in conflict now."""
    db.session().rollback()
    if isinstance(refused, AssignmentSubmitted):
        return already_submitted(assignment)
    flash(refusal_text(refused), "error")
    return redirect(url_for("reviews.review_page", assignment_id=assignment.id))


def kept_text(refused: ReviewRefused, item_id: str | None, typed: str, level: str = "") -> str:
    """Say why nothing was saved and quote what was typed: the page has no form for it now.

    `level` is the level chosen, as the page read it (a yes/no item's 是 / 否), or "".
    """
    message = refusal_text(refused)
    if item_id is not None and level:
        message += " " + str(_("您为 %(item)s 选择的等级：%(level)s。", item=item_id, level=level))
    if not typed.strip():
        return message
    if item_id is None:
        return message + " " + str(_("您填写的内容：%(text)s", text=typed))
    return (
        message + " " + str(_("您为 %(item)s 填写的理由：%(reason)s", item=item_id, reason=typed))
    )
