"""Who and when of one assignment: the visit, the due day, the co-reviewers, who assigned it.

The assignment e-mail and the reviewer's page say the same things in the same words: both
read them here (the mail as text, the page with the assigner's address as a mailto link).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from rcapp import db
from rcapp.accounts.models import User
from rcapp.i18n import person_text
from rcapp.reviews.home_panel import due_on
from rcapp.reviews.models import ReviewAssignment
from rcapp.reviews.review_dates import due_days


@dataclass(frozen=True)
class AssignmentContacts:
    due: dt.date  # the day the reviewer's home page counts down to (home_panel.due_on)
    visit: dt.date | None
    others: list[str]  # the co-reviewers' names as stored
    assigner: User | None  # the lead or deputy who assigned it (None: not recorded)

    def visit_text(self) -> str:
        return "" if self.visit is None else visit_text(self.visit)

    def due_text(self) -> str:
        return str(_("请于 %(day)s（北京时间）前提交评审。", day=self.due.isoformat()))

    def others_text(self) -> str:
        """Name the co-reviewers in the reader's language ("黄磊 (Huang Lei)" in English)."""
        if not self.others:
            return ""
        names = str(_("、")).join(person_text(n) for n in self.others)
        return str(_("同组评审员：%(names)s。", names=names))

    def assigner_text(self, link: bool = False) -> str:
        """Name who assigned it, to ask; `link`: the address as a mailto link (HTML)."""
        if self.assigner is None:
            return ""
        name, email = person_text(self.assigner.name), self.assigner.email
        # The words unfilled, escaped, then filled: the name escaped, the link kept.
        if not link:
            return _assigner_words(name=name, email=email)
        mailto = Markup('<a href="mailto:{0}">{0}</a>').format(email)
        return escape(_assigner_words()) % {"name": name, "email": mailto}


def _assigner_words(**filled: str) -> str:
    """Return the words, filled; unfilled without `filled` (gettext formats only then)."""
    return str(_("指派人：%(name)s（%(email)s），如有疑问请与其联系。", **filled))


def visit_text(day: dt.date) -> str:
    """Say the on-site visit's day (the mail, the page, the reviewer's to-do line)."""
    return str(_("现场评审日期：%(day)s。", day=day.isoformat()))


def contacts_of(assignment: ReviewAssignment) -> AssignmentContacts:
    review = assignment.review
    assigner = None
    if assignment.assigned_by_id is not None:
        assigner = db.session().get(User, assignment.assigned_by_id)
    return AssignmentContacts(
        due=due_on(assignment, due_days()),
        visit=review.visit_on,
        others=[a.reviewer.name for a in review.assignments if a.id != assignment.id],
        assigner=assigner,
    )
