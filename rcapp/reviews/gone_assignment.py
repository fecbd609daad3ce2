"""A reviewer's save when the assignment is no longer theirs to work on (qa41 D7, D8).

The secretariat returned the assessment for revision (the review waits for the
resubmission), or the lead, a deputy lead or the secretariat withdrew the reviewer (the
assignment is deleted; the one who did is named, in that role): the reviewer is told which,
with what they typed quoted, on 我的评审任务 — not "no permission" or
"not found". A save sent in place is told at its item (page_refusal.py).
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.assessments.models import AssessmentStatus
from rcapp.audit.models import AuditEntry
from rcapp.i18n import current_lang, someone
from rcapp.organisations.models import Organisation
from rcapp.reviews.finding_hands import hand_of
from rcapp.reviews.models import Review, ReviewAssignment
from rcapp.reviews.page_refusal import refused_page
from rcapp.reviews.settlers import Settler
from rcapp.reviews.withdrawn import withdrawals

_NOBODY = Settler("", "")


def gone_assignment(assignment_id: int, typed: str = "") -> Response | None:
    """Answer a save the reviewer can no longer make, None when nothing of the kind applies.

    `typed`: the text the refused form carried (a reason, a finding), quoted back.
    """
    cause = _cause(assignment_id)
    if cause is None:
        return None
    returned, organisation, by = cause
    if returned:
        message = _(
            "本自评已被秘书处退回修改，单位重新提交后可继续评审；%(kept)s", kept=_kept(typed)
        )
    else:
        message = _(
            "%(by)s 已撤回您对%(organisation)s的评审任务；%(kept)s",
            by=_by(by),
            organisation=organisation,
            kept=_kept(typed),
        )
    return _told(message)


def gone_on_open(assignment_id: int) -> Response | None:
    """Answer the review page opened (an old tab, a bookmark) once it is no longer the reviewer's.

    The same explanation as a refused save, without "not saved": nothing was sent.
    """
    cause = _cause(assignment_id)
    if cause is None:
        return None
    returned, organisation, by = cause
    if returned:
        return _told(_("本自评已被秘书处退回修改，单位重新提交后可继续评审。"))
    return _told(
        _(
            "%(by)s 已撤回您对%(organisation)s的评审任务。",
            by=_by(by),
            organisation=organisation,
        )
    )


def _cause(assignment_id: int) -> tuple[bool, str, Settler] | None:
    """Tell why: returned for revision, withdrawn (by whom), or None (neither).

    (True, "", _NOBODY) returned; (False, organisation, who withdrew it) withdrawn.
    """
    assignment = db.session().get(ReviewAssignment, assignment_id)
    if assignment is None:
        withdrawn = _withdrawn_from(assignment_id)
        return None if withdrawn is None else (False, *withdrawn)
    if (
        assignment.reviewer_id == current_user.id
        and not assignment.review.is_final
        and assignment.review.assessment.status is not AssessmentStatus.SUBMITTED
    ):
        return (True, "", _NOBODY)
    return None


def _by(hand: Settler) -> str:
    """Name who withdrew the assignment, in the role they did it in (finding_hands.hand_of).

    A deputy lead or the secretariat may withdraw as the lead does: not "the lead" for all.
    """
    name = someone(hand.name)
    if hand.role == "lead":
        return str(_("组长 %(name)s", name=name))
    if hand.role == "deputy":
        return str(_("副组长 %(name)s", name=name))
    if hand.role == "secretariat":
        return str(_("秘书处 %(name)s", name=name))
    return name


def _told(message: str) -> Response:
    return refused_page(message, url_for("reviews.index"), _("我的评审任务"))


def _kept(typed: str) -> str:
    if typed.strip():
        return str(_("您的输入未保存：%(text)s", text=typed.strip()))
    return str(_("本次操作未执行。"))


def _withdrawn_from(assignment_id: int) -> tuple[str, Settler] | None:
    """Name the organisation of the current user's withdrawn assignment, and who withdrew it.

    The assignment row is gone; the audit log keeps the withdrawal with the assignment's id
    and the reviewer's e-mail address (reviews.services.remove_assignment). Older entries
    have no id: the reviewer's newest of those is taken, as before the id was kept.
    """
    older = None
    for entry, before in withdrawals(current_user.email):
        if before.get("assignment") == assignment_id:
            return _named(before.get("organisation_id"), entry)
        if "assignment" not in before and older is None:
            older = entry
    return None if older is None else _named(None, older)


def _named(organisation_id: object, entry: AuditEntry) -> tuple[str, Settler] | None:
    review = db.session().get(Review, entry.entity_id)
    organisation = None
    if isinstance(organisation_id, int):
        organisation = db.session().get(Organisation, organisation_id)
    if organisation is None:
        organisation = None if review is None else review.assessment.organisation
    if organisation is None:
        return None
    by = (
        Settler("", entry.actor_name or "")
        if review is None
        else hand_of(review, entry.actor_id, entry.actor_name)
    )
    return organisation.display_name(current_lang()), by
