"""Compose the assignment e-mail in the reviewer's language (their last chosen UI language)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from rcapp import db
from rcapp.accounts.models import User
from rcapp.i18n import person_text
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.reviews.home_panel import due_on
from rcapp.reviews.mail import Compose
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from rcapp.reviews.resubmitted import items_to_check
from rcapp.reviews.review_dates import due_days


def assignment_composer() -> Compose:
    """Return compose(reviewer, assignment) -> (subject, body) for `assign_reviewers`."""

    def compose(user: User, assignment: ReviewAssignment) -> tuple[str, str]:
        review = assignment.review
        organisation = review.assessment.organisation
        link = external_url("reviews.review_page", assignment_id=assignment.id)
        # The day the reviewer's home page counts down to (home_panel.due_on).
        due = due_on(assignment, due_days())
        # Who else reviews it, and the lead or deputy to ask: an on-site visit is arranged
        # with the company and the other reviewers.
        others = [a.reviewer.name for a in review.assignments if a.id != assignment.id]
        assigner = None
        if assignment.assigned_by_id is not None:
            assigner = db.session().get(User, assignment.assigned_by_id)
        with in_recipient_language(user) as lang:
            name = organisation.display_name(lang)
            subject = _(
                "同行评审任务：%(name)s（%(year)d 年度）",
                name=name,
                year=review.assessment.cycle.year,
            )
            body = render_template(
                "reviews/mail_assignment.txt",
                user=user,
                organisation_name=name,
                year=review.assessment.cycle.year,
                onsite=review.kind is ReviewKind.ONSITE,
                sampled=len(items_to_check(review)),
                link=link,
                due=due.isoformat(),
                visit=None if review.visit_on is None else review.visit_on.isoformat(),
                # names read in the recipient's language ("黄磊 (Huang Lei)" in English)
                others=str(_("、")).join(person_text(n) for n in others),
                assigner=None if assigner is None else (person_text(assigner.name), assigner.email),
            )
        return subject, body

    return compose
