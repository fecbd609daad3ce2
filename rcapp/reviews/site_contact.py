"""Where on-site reviewers go and whom they call: the reviewed organisation's site contact.

The organisation keeps its site address, HSE contact, phone and e-mail (its profile). The
phone and e-mail are personal: they are shown to the organisation itself, the secretariat,
its working groups' leads and deputies (Action.ORG_CONTACT_VIEW), and to the reviewers of an
ON-SITE review of it from their assignment until the review is final. A desk reviewer, or a
member of another organisation, sees none of it.

The assignment mail and the reviewer's page say it in the same words (`contact_lines`).
When something is missing they say so and ask the reviewer to have the lead obtain it; the
organisation's admin is reminded on their home page (`render_reminder_panel`).
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.i18n import person_text
from rcapp.organisations.models import Organisation
from rcapp.permissions import Action, can
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind, ReviewStatus


def _open_onsite_reviews(organisation_ids: list[int]) -> Any:
    """Select the on-site reviews of `organisation_ids` not yet final (joined to Assessment)."""
    return (
        select(Review)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .where(
            Assessment.organisation_id.in_(organisation_ids),
            Review.kind == ReviewKind.ONSITE,
            Review.status != ReviewStatus.FINAL,
        )
    )


def reviewer_sees_contact(assignment: ReviewAssignment) -> bool:
    """Tell whether the assignment's reviewer is shown the contact: on site, not yet final."""
    review = assignment.review
    return review.kind is ReviewKind.ONSITE and not review.is_final


def may_see_contact(user: Any, organisation: Organisation) -> bool:
    """Tell whether `user` may see the organisation's contact phone and e-mail."""
    if can(user, Action.ORG_CONTACT_VIEW, organisation):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    statement = (
        _open_onsite_reviews([organisation.id])
        .join(ReviewAssignment, ReviewAssignment.review_id == Review.id)
        .where(ReviewAssignment.reviewer_id == user.id)
    )
    return db.session().scalar(statement.limit(1)) is not None


def missing_contact(organisation: Organisation) -> bool:
    """Tell whether on-site reviewers lack where to go or whom to call."""
    return not (
        organisation.site_address and organisation.hse_contact and organisation.contact_phone
    )


def contact_lines(organisation: Organisation) -> list[str]:
    """Say where to go and whom to call, in the reader's language (mail and page alike)."""
    missing = _("（未填写）")
    lines = [
        str(_("现场评审地点：%(address)s", address=organisation.site_address or missing)),
    ]
    contact = [
        person_text(organisation.hse_contact) if organisation.hse_contact else missing,
        organisation.contact_phone or _("电话未填写"),
    ]
    if organisation.contact_email:
        contact.append(organisation.contact_email)
    lines.append(str(_("联系人：%(contact)s", contact=str(_("，")).join(map(str, contact)))))
    if missing_contact(organisation):
        lines.append(
            str(
                _(
                    "被评审单位尚未填写完整的现场评审地点和联系人，"
                    "请联系工作组组长或副组长向被评审单位索取。"
                )
            )
        )
    return lines


def reminded_organisations(user: Any) -> list[Organisation]:
    """Return the organisations `user` administers with an on-site review and a missing contact."""
    if not getattr(user, "is_authenticated", False) or user.is_secretariat:
        return []
    own = [m.organisation_id for m in user.memberships]
    if not own:
        return []
    statement = _open_onsite_reviews(own).with_only_columns(Assessment.organisation_id)
    arranged = set(db.session().scalars(statement))
    found = [db.session().get(Organisation, organisation_id) for organisation_id in arranged]
    return sorted(
        (
            o
            for o in found
            if o is not None and missing_contact(o) and can(user, Action.ORG_EDIT, o)
        ),
        key=lambda o: o.id,
    )


def render_reminder_panel() -> str:
    """Remind an organisation's admin to fill in the contact its on-site reviewers need."""
    organisations = reminded_organisations(current_user)
    if not organisations:
        return ""
    return render_template("reviews/_home_site_contact.html", organisations=organisations)
