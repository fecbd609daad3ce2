"""After finalisation: the organisation's final page, corrective actions, appeals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import OrgRole, User
from rcapp.accounts.queries import memberships_of
from rcapp.assessments import storage
from rcapp.assessments.events import local_today
from rcapp.assessments.messages import upload_refused_text
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.audit.queries import last_actor_name
from rcapp.clock import beijing_today
from rcapp.errors import InvalidState, NotAllowed
from rcapp.i18n import current_lang, person_text, someone
from rcapp.mail.tasks import deliver_outbox
from rcapp.reviews import outcome_mail, queries, settling
from rcapp.reviews.appeal_items import disputed_items, item_choices, item_sections
from rcapp.reviews.blueprint import bp, load
from rcapp.reviews.errors import ReviewRefused, YearClosed
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_hands import editors_of, reopeners_of
from rcapp.reviews.forms import (
    ActionForm,
    AppealForm,
    CloseActionForm,
    DecideAppealForm,
    ReopenActionForm,
)
from rcapp.reviews.messages import (
    ACTION_TEXT,
    APPEAL_TEXT,
    FINDING_TEXT,
    KIND_TEXT,
    action_in_sentence,
    appeal_in_sentence,
    refusal_text,
    veto_reasons,
)
from rcapp.reviews.models import ActionStatus, Appeal, AppealStatus, Finding, FindingKind, Review
from rcapp.reviews.outcome_rows import (
    changed_items,
    days_overdue,
    next_star_text,
    raised_by,
    self_held_text,
)
from rcapp.reviews.permissions import ReviewAction, can_review
from rcapp.reviews.rereview import earlier_rating, rerated_after, resettled_items, upheld_appeal
from rcapp.reviews.rules import NA
from rcapp.reviews.settle_note import settle_note
from rcapp.reviews.settlers import Settler, runner_role
from rcapp.reviews.veto_note import veto_fixed_note
from rcapp.reviews.year_lock import year_closed
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.web import get_or_404, login_required


def _final_card(review: Review) -> Scorecard:
    """Read the final snapshot written at finalisation (never recompute while it exists)."""
    snapshot = find_snapshot(review.assessment, SnapshotKind.FINAL)
    return settling.final_scorecard(review) if snapshot is None else snapshot_scorecard(snapshot)


def _appeal_admins(review: Review) -> list[str] | None:
    """Name who may appeal, for an organisation's user who may not (QA32 S3); else None."""
    organisation = review.assessment.organisation
    if (
        not review.is_final
        or can_review(current_user, ReviewAction.APPEAL, review)
        or not any(m.organisation_id == organisation.id for m in current_user.memberships)
    ):
        return None
    return [
        m.user.name
        for m in memberships_of(organisation)
        if m.role is OrgRole.ADMIN and m.user.is_active
    ]


def _final_page(
    review: Review,
    close_forms: dict[int, CloseActionForm] | None = None,
    appeal_form: AppealForm | None = None,
    reopen_forms: dict[int, ReopenActionForm] | None = None,
) -> str:
    rubric = rubric_of(review.assessment)
    shown = review.sent_findings  # submitted work the lead kept
    actions = [f for f in shown if f.kind is FindingKind.CORRECTIVE_ACTION]
    forms = close_forms or {}
    reopen = reopen_forms or {}
    today = beijing_today()  # deadlines are Beijing days
    lang = current_lang()
    assigns = can_review(current_user, ReviewAction.MANAGE, review.assessment)
    return render_template(
        "reviews/final.html",
        review=review,
        rereview=upheld_appeal(review),
        # who settles a reopened review anew, as the result page names them (rereview_runner)
        runner=runner_role(review),
        # ... whose earlier final rating stays the rating of record until re-rated (QA37 D2)
        earlier=earlier_rating(review),
        # Reopened by an upheld appeal there is no final rating to explain until finalised again.
        **(_explained(review, rubric, lang) if review.is_final else {}),
        items=rubric.item_index(),
        findings=[f for f in shown if f.kind is not FindingKind.CORRECTIVE_ACTION],
        # who wrote each finding: two reviewers' same strength read as bare twins (qa66 #6)
        finding_authors={a.id: a.reviewer.name for a in review.submitted_assignments},
        actions=actions,
        # who raised each action: its organisation only for who assigns reviewers (lead,
        # secretariat), the names alone for the reviewed organisation (action_raiser)
        raisers={f.id: raised_by(f) for f in actions},
        raiser_organisations=assigns,
        # a finding the lead (deputy, secretariat) reworded says so beside who raised it
        editors=editors_of(review),
        reopeners=reopeners_of(review),
        overdue={f.id: days_overdue(f, today) for f in actions},
        close_forms={f.id: forms.get(f.id) or _fresh_close_form(f) for f in actions},
        # a sent-back action's box holds the evidence given last time, and says so (its own
        # form shown afresh; a refused one holds what was just typed)
        prefilled={f.id for f in actions if f.id not in forms and _last_evidence(f)},
        # the closing's evidence file, checked in the browser as evidence is (file_field)
        upload_limits=storage.upload_limits(),
        evidence_accept=",".join(storage.CONTENT_TYPES),
        reopen_forms={
            f.id: reopen.get(f.id)
            or ReopenActionForm(formdata=None, prefix=f"r-{f.id}", due_on=f.due_on)
            for f in actions
        },
        appeal_form=appeal_form or _appeal_form(review, formdata=None),
        # the items an appeal may name, by section, and those it names (appeal_items)
        appeal_sections=item_sections(review) if review.is_final else (),
        disputed={a.id: disputed_items(a) for a in review.appeals},
        appeal_open=review.appeal_until is not None and today <= review.appeal_until,
        appeal_admins=_appeal_admins(review),
        # Frozen with its closed year: an appeal may still be filed, but only a reopened year
        # lets the secretariat uphold it (year_lock), so the page says so before filing.
        year_closed=year_closed(review),
        # settling.file_appeal allows one open appeal at a time: while it waits, no form.
        pending_appeal=next((a for a in review.appeals if a.status is AppealStatus.OPEN), None),
        # One appeal per final rating (qa14 S14): a dismissed one leaves no form.
        appealed_rating=review.is_final and settling.appeal_of_rating(review) is not None,
        finding_text=FINDING_TEXT,
        action_text=ACTION_TEXT,
        appeal_text=APPEAL_TEXT,
        kind_text=KIND_TEXT,
        # the action just closed, accepted or sent back, which says so (qa14 S15)
        done_id=request.args.get("done", type=int),
        # A refused form is shown in reply to its POST: forms.js puts the page's own address
        # in the POST's place, so a reload shows the page instead of posting again.
        page_url=url_for("reviews.final", review_id=review.id)
        if request.method == "POST"
        else None,
        action_form=ActionForm(),
        lang=lang,
        NA=NA,
    )


def _explained(review: Review, rubric: Rubric, lang: str) -> dict[str, Any]:
    """Self against final: both scorecards, why self had fewer stars, the changed items."""
    self_card = self_scorecard(review.assessment, rubric)
    card = _final_card(review)
    changes = changed_items(review, rubric, self_card)
    found, changed, settlers = changes.found, changes.rows, changes.settlers
    # A re-rating after an upheld appeal: each item the lead settled again, with the reason,
    # whether or not it now differs from the self level (qa: the reason showed nowhere).
    again = resettled_items(review) if rerated_after(review) is not None else set()
    resettled = [row for row in found.rows if row.item_id in again]
    final_stars = card.rating.stars if card.rating.rated else None
    return {
        "card": card,
        "self_card": self_card,
        "self_held": self_held_text(self_card, final_stars, rubric, lang),
        # what kept the next star away, as the result page says it, and its link (qa90 #1)
        "next_star": next_star_text(card, rubric, lang),
        # A veto that took every star reads as on the result page, not as 0 stars.
        "final_vetoed": vetoed(card.rating),
        "self_vetoed": vetoed(self_card.rating),
        "vetoes": veto_reasons(card.rating, rubric, lang),
        # a veto fixed the stars: the appeal can change scores, never them (qa66 #1)
        "veto_note": veto_fixed_note(card.rating, rubric, lang),
        "changed": changed,
        "reviewer_names": [a.reviewer.name for a in found.assignments],
        "reasons": changes.reasons,
        # Whose proposal a settled level follows, and who settled it (qa20 D1, S13).
        "notes": {
            row.item_id: settle_note(
                row.settled,
                row.final,
                [
                    (a.reviewer.name, verdict)
                    for a, (verdict, _d) in zip(found.assignments, row.reviewers, strict=True)
                ],
                settlers.get(row.item_id, Settler("", "")).role,
            )
            for row in changed
        },
        "resettled": resettled,
        "settlers": settlers,
    }


@bp.get("/<int:review_id>/final")
@login_required
def final(review_id: int) -> str:
    return _final_page(load(Review, review_id, ReviewAction.SEE_FINAL))


@bp.post("/findings/<int:finding_id>/close")
@login_required
def close_action(finding_id: int) -> str | tuple[str, int] | Response:
    found = get_or_404(Finding, finding_id)
    if found.action_status is not ActionStatus.OPEN and can_review(
        current_user, ReviewAction.SEE_FINAL, found
    ):
        # A colleague closed it since the page was opened (or a double click): say so and
        # keep what was typed, which no form shows any more.
        typed = CloseActionForm(prefix=f"c-{found.id}").evidence.data or ""
        flash(_handled_text(found, typed), "error")
        return _final_page(found.review), 409
    finding = load(Finding, finding_id, ReviewAction.CLOSE_ACTION)
    form = CloseActionForm(prefix=f"c-{finding.id}")
    if form.validate_on_submit():
        chosen = request.files.get(form.evidence_file.name)
        upload = (chosen.filename, chosen.stream) if chosen and chosen.filename else None
        earlier = _earlier_file(finding)
        if upload is None and earlier and form.earlier_file.data not in ("keep", "drop"):
            form.earlier_file.errors = [
                _(
                    "请选择是否继续附上此前提交的证据文件 %(name)s（退回时未被接受），"
                    "或上传新的证据文件。",
                    name=earlier,
                )
            ]
            if chosen is not None:
                chosen.close()
            return _final_page(finding.review, close_forms={finding.id: form})
        drop = form.earlier_file.data == "drop"
        try:
            settling.close_action(
                finding, form.evidence.data or "", current_user, upload, drop_earlier=drop
            )
            outcome_mail.queue_action_closed_notice(finding, current_user)
        except ReviewRefused as refused:
            db.session().rollback()
            form.evidence.errors = [refusal_text(refused)]
        except storage.UploadRefused as refused:
            db.session().rollback()
            form.evidence_file.errors = [upload_refused_text(refused)]
        except InvalidState:  # closed by a colleague at the same moment
            db.session().rollback()
            if chosen is not None:
                chosen.close()
            flash(_handled_text(finding, form.evidence.data or ""), "error")
            return _final_page(finding.review), 409
        else:
            db.session().commit()
            deliver_outbox()  # after the commit that stored the notices
            if chosen is not None:
                chosen.close()
            return _handled(finding)
        if chosen is not None:
            chosen.close()  # the upload's spooled temporary file
    return _final_page(finding.review, close_forms={finding.id: form})


def _fresh_close_form(finding: Finding) -> CloseActionForm:
    """Build the closing form as first shown: a file the lead sent back is kept unless dropped.

    Keeping is the choice that loses nothing (the lead sees the file again and may send it
    back); dropping it is the step to take on purpose. A post without the choice is still
    asked (close_action), so the file is never kept by an old page unawares (QA33 S6).
    The evidence box of an action sent back holds the evidence given last time, to change
    rather than type again (actionfix #1: it came back empty).
    """
    return CloseActionForm(
        formdata=None,
        prefix=f"c-{finding.id}",
        earlier_file="keep",
        evidence=_last_evidence(finding),
    )


def _last_evidence(finding: Finding) -> str | None:
    """Return the evidence of a closing the lead sent back, to start closing again from."""
    if finding.reopen_reason and finding.action_status is ActionStatus.OPEN:
        return finding.closing_evidence or None
    return None


def _earlier_file(finding: Finding) -> str | None:
    """Name the file of a closing the lead sent back, which closing again must decide on."""
    return finding.closing_file_name if finding.reopen_reason else None


@bp.post("/findings/<int:finding_id>/accept/<int:accept>")
@login_required
def accept_action(finding_id: int, accept: int) -> tuple[str, int] | Response:
    """Accept a closed action, or reopen it (accept=0) with the reason the company reads."""
    found = get_or_404(Finding, finding_id)
    form = ActionForm() if accept else ReopenActionForm(prefix=f"r-{finding_id}")
    typed = "" if accept else form.reason.data or ""
    back = redirect(url_for("reviews.final", review_id=found.review_id) + "#actions")
    if found.action_status is not ActionStatus.CLOSED and can_review(
        current_user, ReviewAction.SEE_FINAL, found
    ):
        flash(_handled_text(found, "", typed), "error")  # a double click, or a colleague
        return back
    finding = load(Finding, finding_id, ReviewAction.ACCEPT_ACTION)
    if not form.validate_on_submit():
        if accept:
            return back
        return _final_page(finding.review, reopen_forms={finding.id: form}), 422
    try:
        due_on = None if accept else form.due_on.data
        earlier_due = finding.due_on
        settling.accept_action(finding, bool(accept), current_user, typed, due_on)
        if accept:
            outcome_mail.queue_action_accepted_notice(finding, current_user)
        else:
            outcome_mail.queue_action_reopened_notice(finding, current_user, earlier_due)
    except InvalidState:
        db.session().rollback()
        flash(_handled_text(finding, "", typed), "error")
    else:
        db.session().commit()
        deliver_outbox()  # after the commit that stored the notice
        return _handled(finding)
    return back


def _handled(finding: Finding) -> Response:
    """Back to the action, which says what was just done (qa14 S15).

    A message at the top of the page went unseen: the page opens at the action. The
    action itself says it (closed, accepted as closed, sent back) while `done` names it.
    """
    address = url_for("reviews.final", review_id=finding.review_id, done=finding.id)
    return redirect(f"{address}#action-{finding.id}")


def _name_of(user_id: int | None) -> str | None:
    user = db.session().get(User, user_id) if user_id is not None else None
    return user.name if user is not None else None


def _handled_text(finding: Finding, typed: str, typed_reason: str = "") -> str:
    """Say what became of an action since the page was opened; quote what was typed."""
    status = action_in_sentence(finding.action_status) if finding.action_status else ""
    # Who put it in its state now: accepted by a lead, closed by the organisation, or sent
    # back by a lead (no column keeps who sent it back: the audit log does). Not who closed
    # it before it was sent back.
    if finding.action_status is ActionStatus.ACCEPTED:
        by = _name_of(finding.accepted_by_id)
    elif finding.action_status is ActionStatus.CLOSED:
        by = _name_of(finding.closed_by_id)
    else:
        by = last_actor_name("review", finding.review_id, str(finding.id), ("action.reopen",))
    if by:
        message = _(
            "该整改项已由 %(name)s 处理，现在的状态：%(status)s。本次操作未执行。",
            name=person_text(by),
            status=status,
        )
    else:
        message = _("该整改项现在的状态：%(status)s。本次操作未执行。", status=status)
    if typed.strip():
        message += " " + _("您填写的整改证据未保存：%(text)s", text=typed)
    if typed_reason.strip():
        message += " " + _("您填写的退回理由未保存：%(text)s", text=typed_reason)
    return str(message)


def _appeal_form(review: Review, **kwargs: Any) -> AppealForm:
    """Build the appeal form, offering the review's items to name as disputed."""
    form = AppealForm(**kwargs)
    form.items.choices = item_choices(item_sections(review)) if review.is_final else []
    return form


@bp.post("/<int:review_id>/appeal")
@login_required
def appeal(review_id: int) -> str | Response:
    review = load(Review, review_id, ReviewAction.APPEAL)
    form = _appeal_form(review)
    if form.validate_on_submit():
        try:
            filed = settling.file_appeal(
                review, form.reason.data or "", local_today(), current_user, form.items.data or []
            )
            outcome_mail.queue_appeal_filed_notice(filed, current_user)
        except ReviewRefused as refused:
            db.session().rollback()
            message = refusal_text(refused)
            if form.reason.data:  # the form may not be shown again: quote what was typed
                message += " " + _("您填写的申诉理由未提交：%(text)s", text=form.reason.data)
            flash(message, "error")
        else:
            db.session().commit()
            deliver_outbox()  # after the commit that stored the notices
            flash(_("申诉已提交，秘书处将作出决定。"), "success")
            return redirect(url_for("reviews.final", review_id=review.id) + "#appeal")
    return _final_page(review, appeal_form=form)


@bp.get("/appeals")
@login_required
def appeals() -> str:
    if not can_review(current_user, ReviewAction.DECIDE_APPEAL):
        raise NotAllowed("review.decide_appeal")
    open_ = queries.open_appeals()
    forms = {a.id: DecideAppealForm(formdata=None, prefix=f"a-{a.id}") for a in open_}
    return _appeals_page(open_, forms)


@bp.post("/appeals/<int:appeal_id>/decide")
@login_required
def decide_appeal(appeal_id: int) -> tuple[str, int] | Response:
    found = get_or_404(Appeal, appeal_id)
    if not can_review(current_user, ReviewAction.DECIDE_APPEAL, found):
        raise NotAllowed("review.decide_appeal")
    form = DecideAppealForm(prefix=f"a-{found.id}")
    status = 422
    if found.status is not AppealStatus.OPEN:
        status = 409
        flash(_decided_text(found, form.reason.data or ""), "error")
    elif form.validate_on_submit():
        try:
            settling.decide_appeal(
                found, form.outcome.data == "uphold", form.reason.data or "", current_user
            )
            outcome_mail.queue_appeal_decided_notice(found, current_user)
        except ReviewRefused as refused:  # the form stays, with what was typed
            db.session().rollback()
            status = 409 if isinstance(refused, YearClosed) else status
            flash(refusal_text(refused), "error")
        except InvalidState:  # decided by a colleague at the same moment
            db.session().rollback()
            status = 409
            flash(_decided_text(found, form.reason.data or ""), "error")
        else:
            db.session().commit()
            deliver_outbox()  # after the commit that stored the notices
            flash(_("申诉已决定。"), "success")
            return redirect(url_for("reviews.appeals"))
    appeals_ = queries.open_appeals()
    forms = {a.id: DecideAppealForm(formdata=None, prefix=f"a-{a.id}") for a in appeals_}
    forms[found.id] = form
    return _appeals_page(appeals_, forms), status


def _appeals_page(appeals_: Sequence[Appeal], forms: dict[int, DecideAppealForm]) -> str:
    unrated = queries.unrated_finals(a.review for a in appeals_)
    # An appeal of a closed year can only be dismissed (year_lock): the page says so.
    closed = {a.id for a in appeals_ if year_closed(a.review)}
    decided = queries.decided_appeals()
    return render_template(
        "reviews/appeals.html",
        appeals=appeals_,
        forms=forms,
        unrated=unrated,
        vetoed=queries.vetoed_finals(a.review for a in appeals_),
        closed=closed,
        decided=decided,
        disputed={a.id: disputed_items(a) for a in appeals_},
        deciders={a.id: _name_of(a.decided_by_id) for a in decided},
        decided_shown=queries.DECIDED_SHOWN,
        appeal_text=APPEAL_TEXT,
    )


def _decided_text(appeal: Appeal, typed: str) -> str:
    """Say who decided the appeal since the page was opened, and how; quote what was typed."""
    message = _(
        "该申诉已由 %(name)s 决定：%(outcome)s。您的决定未保存。",
        name=someone(_name_of(appeal.decided_by_id)),
        outcome=appeal_in_sentence(appeal.status),
    )
    if typed.strip():
        message += " " + _("您填写的理由：%(text)s", text=typed)
    return str(message)


def _action_file_of(finding_id: int) -> Finding:
    """Return the finding whose corrective action's file the user may have (download, view)."""
    finding = load(Finding, finding_id, ReviewAction.ACTION_FILE)
    if finding.closing_file_stored is None or finding.closing_file_name is None:
        abort(404)
    return finding


@bp.get("/findings/<int:finding_id>/evidence")
@login_required
def action_file(finding_id: int) -> Response:
    """Send a corrective action's evidence file to the organisation or the lead."""
    finding = _action_file_of(finding_id)
    return storage.send_stored(
        str(finding.closing_file_stored),
        finding.closing_file_type,
        str(finding.closing_file_name),
    )


@bp.get("/findings/<int:finding_id>/evidence/view")
@bp.get("/findings/<int:finding_id>/evidence/view/<path:name>")
@login_required
def view_action_file(finding_id: int, name: str = "") -> Response:
    """Show a corrective action's PDF or image in the browser's tab; other types are 404.

    `name` (the file's, not read) only titles an image's tab.
    """
    finding = _action_file_of(finding_id)
    return storage.send_stored(
        str(finding.closing_file_stored),
        finding.closing_file_type,
        str(finding.closing_file_name),
        inline=True,
    )
