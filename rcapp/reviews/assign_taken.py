"""Assigning reviewers to a member another working group has just taken (qa41 D10).

A company in two groups: both leads open its assigning page while nobody is assigned, the
first assigns, and the review is that group's. The second lead's press is not "no
permission": they are told which group took it, with which reviewers, and that their
choice was not saved, on their group's page.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.i18n import current_lang, person_text
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import grants_of
from rcapp.reviews import queries
from rcapp.reviews.permissions import ReviewAction, can_review, review_group


def taken_by_other_group(assessment_id: int) -> Response | None:
    """Answer an assignment refused because another group took the review; None otherwise."""
    assessment = db.session().get(Assessment, assessment_id)
    if assessment is None or can_review(current_user, ReviewAction.MANAGE, assessment):
        return None
    review = queries.find_review(assessment)
    owner = None if review is None else review_group(review)
    if review is None or owner is None:
        return None
    led = grants_of(current_user).led
    mine = [g for g in assessment.organisation.working_groups if g.id in led]
    if not mine or any(
        m.organisation_id == assessment.organisation_id for m in current_user.memberships
    ):
        return None  # not one of the organisation's leads: refused as before
    group = db.session().get(WorkingGroup, owner)
    names = str(_("、")).join(person_text(a.reviewer.name) for a in review.assignments)
    message = _(
        "此自评在您打开本页后已由%(group)s指派评审员（%(names)s），由该组负责；",
        group=group.display_name(current_lang()) if group is not None else "",
        names=names,
    )
    chosen = _chosen_names()
    if chosen:
        message += _("您的选择（%(names)s）未保存。", names=chosen)
    else:
        message += _("您的选择未保存。")
    flash(message, "error")
    asked = request.args.get("group", type=int)
    back = next((g for g in mine if g.id == asked), mine[0])
    return redirect(url_for("reviews.group", group_id=back.id))


def _chosen_names() -> str:
    ids = [int(v) for v in request.form.getlist("reviewers") if v.isdigit()]
    if not ids:
        return ""
    rows = db.session().scalars(select(User).where(User.id.in_(ids)).order_by(User.name))
    return str(_("、")).join(person_text(user.name) for user in rows)
