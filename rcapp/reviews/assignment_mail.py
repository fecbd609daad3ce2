"""Compose the assignment e-mail in the reviewer's language (their last chosen UI language)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.reviews.assignment_contacts import AssignmentContacts, contacts_of
from rcapp.reviews.mail import Compose
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from rcapp.reviews.resubmitted import items_to_check
from rcapp.reviews.site_contact import contact_lines, reviewer_sees_contact


def assignment_composer() -> Compose:
    """Return compose(reviewer, assignment) -> (subject, body) for `assign_reviewers`."""

    def compose(user: User, assignment: ReviewAssignment) -> tuple[str, str]:
        review = assignment.review
        organisation = review.assessment.organisation
        link = external_url("reviews.review_page", assignment_id=assignment.id)
        # The same words as the reviewer's page (assignment_contacts): an on-site visit is
        # arranged with the company and the other reviewers.
        contacts = contacts_of(assignment)
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
                lines=[
                    t
                    for t in (
                        *site_lines(assignment, contacts),
                        contacts.others_text(),
                        contacts.assigner_text(),
                    )
                    if t
                ],
                due=contacts.due_text(),
            )
        return subject, body

    return compose


def site_lines(assignment: ReviewAssignment, contacts: AssignmentContacts) -> list[str]:
    """Say when and where the visit is and whom to call, in the reader's language.

    The assignment mail and the visit-day change mail (visit_mail) alike; the contact only
    to an on-site reviewer (site_contact.reviewer_sees_contact).
    """
    organisation = assignment.review.assessment.organisation
    shown = reviewer_sees_contact(assignment)
    return [
        t for t in (contacts.visit_text(), *(contact_lines(organisation) if shown else ())) if t
    ]
