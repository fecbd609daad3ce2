"""Tell an on-site review's reviewers, and its organisation, that the visit day moved.

The day is set on the assign page (or by `rcapp reviews assign --visit`) while reviewers
are added. The new ones read it in their assignment mail; those assigned before were told
nothing and kept the old day. Each is now mailed the new day with where to go and whom to
call, as the assignment mail words them (assignment_mail.site_lines), in their own
language. The organisation's users learn it from the "changed" notice (company_mail), whose
view holds the day. Nothing is sent when the day stayed the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.reviews.assignment_contacts import contacts_of
from rcapp.reviews.assignment_mail import site_lines
from rcapp.reviews.mail import queue_assignment_mail
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind


@dataclass(frozen=True)
class VisitSeen:
    """The visit day, and who was assigned, before the change: those are told of it."""

    visit_on: dt.date | None
    assignment_ids: frozenset[int]


def visit_seen(review: Review | None) -> VisitSeen | None:
    if review is None:
        return None
    return VisitSeen(review.visit_on, frozenset(a.id for a in review.assignments))


def queue_visit_moved(
    review: Review, seen: VisitSeen | None, actor: User
) -> list[ReviewAssignment]:
    """Queue one mail to each earlier reviewer of an on-site review whose day changed.

    Return the assignments told; none for a new review, a desk review, or the same day.
    """
    day = review.visit_on
    if seen is None or review.kind is not ReviewKind.ONSITE or day is None:
        return []
    if day == seen.visit_on:
        return []
    told = [a for a in review.assignments if a.id in seen.assignment_ids]

    def compose(user: User, assignment: ReviewAssignment) -> tuple[str, str]:
        assessment = review.assessment
        with in_recipient_language(user) as lang:
            name = assessment.organisation.display_name(lang)
            year = assessment.cycle.year
            subject = _("现场评审日期变更：%(name)s（%(year)d 年度）", name=name, year=year)
            body = render_template(
                "reviews/mail_visit_moved.txt",
                user=user,
                organisation_name=name,
                year=year,
                day=day,
                old=seen.visit_on,
                lines=site_lines(assignment, contacts_of(assignment)),
                contact=(actor.name, actor.email),
                link=external_url("reviews.review_page", assignment_id=assignment.id),
            )
        return str(subject), body

    for assignment in told:
        queue_assignment_mail(assignment, compose, actor)
    return told
