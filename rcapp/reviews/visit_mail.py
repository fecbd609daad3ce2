"""Tell an on-site review's reviewers that its visit day, or who visits, changed.

The day is set on the assign page (or by `rcapp reviews assign --visit`) while reviewers
are added, or moved alone (review_days); reviewers are added there and withdrawn. The new
ones read the day in their assignment mail; those assigned before were told nothing: they
kept the old day and did not know whom they would visit with (qa85 #2). Each is now mailed
once per change: the new day, who joined or left, with where to go and whom to call, as the
assignment mail words them (assignment_mail.site_lines), in their own language. The
organisation's users learn it from the "changed" notice (company_mail), whose view holds the
day and the visitors. Nothing is sent when neither the day nor the reviewers changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.i18n import person_text
from rcapp.links import external_url
from rcapp.mail.services import in_recipient_language
from rcapp.reviews.assignment_contacts import AssignmentContacts, contacts_of
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
    review: Review, seen: VisitSeen | None, actor: User, left: Sequence[str] = ()
) -> list[ReviewAssignment]:
    """Queue one mail to each earlier reviewer of an on-site review whose day or team changed.

    `left`: the names of the reviewers withdrawn. Return the assignments told; none for a
    new review, a desk review, or the same day and reviewers.
    """
    day = review.visit_on
    if seen is None or review.kind is not ReviewKind.ONSITE or day is None:
        return []
    joined = [a.reviewer.name for a in review.assignments if a.id not in seen.assignment_ids]
    moved = day != seen.visit_on
    if not (moved or joined or left):
        return []
    told = [a for a in review.assignments if a.id in seen.assignment_ids]

    def compose(user: User, assignment: ReviewAssignment) -> tuple[str, str]:
        assessment = review.assessment
        with in_recipient_language(user) as lang:
            name = assessment.organisation.display_name(lang)
            year = assessment.cycle.year
            if moved:
                subject = _("现场评审日期变更：%(name)s（%(year)d 年度）", name=name, year=year)
            else:
                subject = _("现场评审人员变更：%(name)s（%(year)d 年度）", name=name, year=year)
            contacts = contacts_of(assignment)
            body = render_template(
                "reviews/mail_visit_moved.txt",
                user=user,
                organisation_name=name,
                year=year,
                day=day,
                old=seen.visit_on,
                moved=moved,
                team=team_lines(joined, left, contacts),
                lines=site_lines(assignment, contacts),
                contact=(actor.name, actor.email),
                link=external_url("reviews.review_page", assignment_id=assignment.id),
            )
        return str(subject), body

    for assignment in told:
        queue_assignment_mail(assignment, compose, actor)
    return told


def team_lines(
    joined: Sequence[str], left: Sequence[str], contacts: AssignmentContacts
) -> list[str]:
    """Name who joined and who left, then everyone visiting with the reader, in their language."""
    if not (joined or left):
        return []
    sep = str(_("、"))
    lines = []
    if joined:
        names = sep.join(person_text(n) for n in joined)
        lines.append(str(_("新加入的评审员：%(names)s。", names=names)))
    if left:
        names = sep.join(person_text(n) for n in left)
        lines.append(str(_("已撤回的评审员：%(names)s。", names=names)))
    return [*lines, contacts.others_text() or str(_("现在只有您一名评审员。"))]
