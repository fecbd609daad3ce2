"""Tell a review's reviewers that its visit day, who visits, or their due day changed.

The day is set on the assign page (or by `rcapp reviews assign --visit`) while reviewers
are added, or moved alone (review_days); reviewers are added there and withdrawn. The new
ones read the day in their assignment mail; those assigned before were told nothing: they
kept the old day and did not know whom they would visit with (qa85 #2). Each is now mailed
once per change: the new day, who joined or left, with where to go and whom to call, as the
assignment mail words them (assignment_mail.site_lines), in their own language. The
organisation's users learn it from the "changed" notice (company_mail), whose view holds the
day and the visitors. Nothing is sent when neither the day nor the reviewers changed.

A due day moved alone (review_days) told nobody, though the reviewers must meet it: each
reviewer whose due day moved now reads the old and the new one, in the same mail as a moved
visit day when both moved (one mail each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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
    review: Review,
    seen: VisitSeen | None,
    actor: User,
    left: Sequence[str] = (),
    due_before: Mapping[int, dt.date] | None = None,
) -> list[ReviewAssignment]:
    """Queue one mail to each reviewer whose visit day, team or due day changed.

    `left`: the names of the reviewers withdrawn; `due_before`: per assignment whose due
    day moved, the day before (review_days.DaysMoved). The earlier reviewers of an on-site
    review are told a new day or team; those whose due day moved, of any review, the old
    and the new due day: one mail each saying all that changed. Return the assignments
    told; none for a new review, or the same days and reviewers.
    """
    due_before = due_before or {}
    day = review.visit_on
    onsite = seen is not None and review.kind is ReviewKind.ONSITE and day is not None
    earlier = seen.assignment_ids if seen is not None else frozenset()
    joined = [a.reviewer.name for a in review.assignments if onsite and a.id not in earlier]
    moved = onsite and seen is not None and day != seen.visit_on
    visit_news = moved or bool(joined) or (onsite and bool(left))
    told = [
        a
        for a in review.assignments
        if (visit_news and a.id in earlier) or (a.id in due_before and a.due_on is not None)
    ]

    def compose(user: User, assignment: ReviewAssignment) -> tuple[str, str]:
        assessment = review.assessment
        site = visit_news and assignment.id in earlier
        due_old = due_before.get(assignment.id)
        with in_recipient_language(user) as lang:
            name = assessment.organisation.display_name(lang)
            year = assessment.cycle.year
            subject = _subject(moved and site, due_old is not None, name, year)
            contacts = contacts_of(assignment)
            body = render_template(
                "reviews/mail_visit_moved.txt",
                user=user,
                organisation_name=name,
                year=year,
                day=day,
                old=None if seen is None else seen.visit_on,
                moved=moved and site,
                site=site,
                due=_due_text(due_old, assignment.due_on),
                team=team_lines(joined, left, contacts) if site else [],
                lines=site_lines(assignment, contacts) if site else [],
                contact=(actor.name, actor.email),
                link=external_url("reviews.review_page", assignment_id=assignment.id),
            )
        return str(subject), body

    for assignment in told:
        queue_assignment_mail(assignment, compose, actor)
    return told


def _subject(moved: bool, due: bool, name: str, year: int) -> str:
    """Name what changed for the reader: the visit day, the due day, both, or the team."""
    if moved and due:
        return str(_("现场评审日期和提交期限变更：%(name)s（%(year)d 年度）", name=name, year=year))
    if moved:
        return str(_("现场评审日期变更：%(name)s（%(year)d 年度）", name=name, year=year))
    if due:
        return str(_("评审结论提交期限变更：%(name)s（%(year)d 年度）", name=name, year=year))
    return str(_("现场评审人员变更：%(name)s（%(year)d 年度）", name=name, year=year))


def _due_text(old: dt.date | None, new: dt.date | None) -> str:
    """Say the reader's due day moved, from when to when; "" when it did not."""
    if old is None or new is None:
        return ""
    return str(
        _(
            "您的评审结论提交期限已由 %(old)s 改为 %(day)s（北京时间）。",
            old=old.isoformat(),
            day=new.isoformat(),
        )
    )


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
