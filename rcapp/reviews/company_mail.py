"""Tell the company its self-assessment's peer review was assigned, or that it changed.

The organisation's assessment users (cycles.assessment_users, as a deadline change) learn
the year, the kind of review, an on-site visit's day, the day the reviewers are due, and the
lead or deputy to ask, each in their own language, and how many reviewers there are. The
due day is only one the lead stored for a reviewer still at work: an assignment made before
due days were kept has none, and a reviewer who submitted is due nothing (qa grouprun 3). An
on-site review's reviewers are named, with what to prepare for their visit (onsite_visit);
a desk review's are not (no contact is needed). A later change on the same review
(reviewers added or withdrawn, the kind or a day moved) sends one short "changed" notice,
not the first one again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _

from rcapp.accounts.models import User
from rcapp.cycles.assessment_users import notify_assessment_users
from rcapp.links import external_url
from rcapp.reviews.messages import KIND_IN_SENTENCE
from rcapp.reviews.models import Review, ReviewKind
from rcapp.reviews.onsite_visit import PREPARE, visitor_text, visitors_of

ASSIGNED = "review.company"
CHANGED = "review.company_changed"


@dataclass(frozen=True)
class CompanyView:
    """What the company is told of its review: a change to any of it is worth a notice."""

    kind: ReviewKind
    visit_on: dt.date | None
    due_on: dt.date | None  # the last stored due day of a reviewer yet to submit
    reviewers: int
    visitors: tuple[int, ...]  # an on-site review's reviewers, named in the mail


def company_view(review: Review | None) -> CompanyView | None:
    if review is None:
        return None
    # Never the 21-day default a missing due day is counted by on the to-do lists: the
    # company would be told a date nobody set.
    due = max(
        (a.due_on for a in review.assignments if a.due_on is not None and not a.is_submitted),
        default=None,
    )
    visit = review.visit_on if review.kind is ReviewKind.ONSITE else None
    visitors = tuple(a.reviewer_id for a in visitors_of(review))
    return CompanyView(review.kind, visit, due, len(review.assignments), visitors)


def queue_company_notice(review: Review, before: CompanyView | None, actor: User) -> list[User]:
    """Queue the first notice (`before` None) or a changed one; return who was told.

    Nothing when the assignment changed nothing the company is told of.
    """
    now = company_view(review)
    if now is None or now == before:
        return []
    assessment = review.assessment
    year = assessment.cycle.year
    first = before is None

    def subject(lang: str) -> str:
        name = assessment.organisation.display_name(lang)
        if first:
            return str(_("%(year)d 年度自评的同行评审已安排：%(name)s", year=year, name=name))
        return str(_("%(year)d 年度自评的同行评审安排有变：%(name)s", year=year, name=name))

    return notify_assessment_users(
        ASSIGNED if first else CHANGED,
        assessment.organisation,
        "reviews/mail_company_assigned.txt",
        subject,
        cycle_id=assessment.cycle_id,
        actor=actor,
        year=year,
        first=first,
        kind_text=KIND_IN_SENTENCE[now.kind],  # after "已安排：" / "现为："
        visit=now.visit_on,
        due=now.due_on,
        reviewers=now.reviewers,
        visitors=visitors_of(review),
        visitor_text=visitor_text,
        prepare=PREPARE,
        contact=(actor.name, actor.email),  # the name read in each reader's language
        link=external_url("assessments.result", assessment_id=assessment.id),
    )
