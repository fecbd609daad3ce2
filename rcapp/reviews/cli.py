"""`rcapp reviews assign`: assign peer reviewers from a script, as the lead's assign page does.

The same checks as the page, from the same places: who may assign (permissions), who may be
chosen (assign_candidates), the days (assign_days), and the service's own (conflicts of
interest, the assessment's state, reviewer counts). The same audit entries and mails (through
the outbox, delivered on the task queue after the commit). All reviewers of one call or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from rcapp import db
from rcapp.accounts.models import User
from rcapp.accounts.services import find_user_by_email
from rcapp.assessments.models import Assessment
from rcapp.errors import InvalidState, NotAllowed
from rcapp.fields import bad_day_text, iso_day_text
from rcapp.i18n import current_lang, person_text
from rcapp.mail.tasks import deliver_outbox
from rcapp.reviews import assign_days, queries, services
from rcapp.reviews.assign_candidates import candidates_of
from rcapp.reviews.assign_group import GroupRefused, chosen_group
from rcapp.reviews.assignment_mail import assignment_composer
from rcapp.reviews.company_mail import company_view, queue_company_notice
from rcapp.reviews.errors import OwnOrganisationReview, ReviewFinalised, ReviewRefused
from rcapp.reviews.forms import NOT_A_CANDIDATE
from rcapp.reviews.messages import (
    KIND_IN_SENTENCE,
    final_no_assign_text,
    no_permission_text,
    own_organisation_text,
    refusal_text,
)
from rcapp.reviews.models import Review, ReviewAssignment, ReviewKind
from rcapp.reviews.permissions import ReviewAction, require_review
from rcapp.reviews.review_dates import default_due_day, last_review_day
from rcapp.reviews.services import AssignDates
from rcapp.reviews.visit_mail import queue_visit_moved, visit_seen


class Refused(Exception):
    """One or more lines saying why nothing was assigned."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Asked:
    """The command's options, as typed."""

    assessment_id: int
    reviewer_emails: tuple[str, ...]
    actor_email: str
    kind: str | None
    due: str | None
    visit: str | None
    group: str | None = None  # the working group's code; see assign_group


@click.group("reviews")
def reviews_cli() -> None:
    """Peer review: assign reviewers (as the lead's assign page does)."""


@reviews_cli.command("assign")
@click.argument("assessment_id", type=int)
@click.option(
    "--reviewer",
    "reviewer_emails",
    multiple=True,
    required=True,
    help="E-mail of a reviewer to assign; repeat for several (all or none are assigned).",
)
@click.option(
    "--as",
    "actor_email",
    required=True,
    help="E-mail of the lead, deputy or secretariat user who assigns (kept in the audit log).",
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in ReviewKind]),
    help="desk or onsite (at least two reviewers); default: the open review's kind, else desk.",
)
@click.option("--due", help="The reviewers' due day, YYYY-MM-DD; default: 21 days from today.")
@click.option(
    "--visit", help="An on-site review's visit day, YYYY-MM-DD (required with --kind onsite)."
)
@click.option(
    "--group",
    "group_code",
    help="Code of the working group the review belongs to (as the pages show it); needed "
    "when the organisation is in more than one group the assigner leads.",
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of the messages."
)
@click.option(
    "--dry-run", is_flag=True, help="Check and show what would be assigned; write nothing."
)
@with_appcontext
def assign_command(
    assessment_id: int,
    reviewer_emails: tuple[str, ...],
    actor_email: str,
    kind: str | None,
    due: str | None,
    visit: str | None,
    group_code: str | None,
    lang: str,
    dry_run: bool,
) -> None:
    """Assign reviewers to the peer review of self-assessment ASSESSMENT_ID and notify them."""
    asked = Asked(assessment_id, reviewer_emails, actor_email, kind, due, visit, group_code)
    with force_locale("en" if lang == "en" else "zh_CN"):
        try:
            assigned = _assign(asked)
        except Refused as refused:
            db.session().rollback()
            raise click.ClickException(str(refused)) from refused
        lines = [_line(assignment) for assignment in assigned]
        if dry_run:
            db.session().rollback()  # checked and built as for real: nothing kept, nothing sent
            for line in lines:
                click.echo(_("试运行，将指派：%(line)s", line=line))
            click.echo(_("试运行：没有写入任何内容，也没有发送通知。"))
            return
        db.session().commit()
        deliver_outbox()  # on the task queue, after the commit that stored the messages
        for line in lines:
            click.echo(_("已指派：%(line)s", line=line))


def _assign(asked: Asked) -> list[ReviewAssignment]:
    """Check as the page does and assign through its service; return the new assignments."""
    assessment = db.session().get(Assessment, asked.assessment_id)
    if assessment is None:
        raise Refused(_("没有编号为 %(id)d 的自评。", id=asked.assessment_id))
    actor = _actor(asked.actor_email, assessment)
    existing = queries.find_review(assessment)
    if existing is not None and existing.is_final:
        raise Refused(final_no_assign_text())
    group_id = _group(asked, assessment, actor, existing)
    kind = ReviewKind(asked.kind) if asked.kind else _kind_of(existing)
    dates = _dates(asked, assessment, kind, existing)
    chosen = _reviewers(asked.reviewer_emails, assessment, existing)
    before_ids = set() if existing is None else {a.id for a in existing.assignments}
    before = company_view(existing)  # the company is told what this changes
    seen = visit_seen(existing)  # and the earlier reviewers a moved visit day
    try:
        review = services.assign_reviewers(
            assessment, kind, chosen, actor, assignment_composer(), group_id, dates
        )
        queue_company_notice(review, before, actor)
        queue_visit_moved(review, seen, actor)
    except ReviewFinalised as refused:  # finalised meanwhile: as the page says it
        raise Refused(final_no_assign_text()) from refused
    except ReviewRefused as refused:
        raise Refused(refusal_text(refused)) from refused
    except InvalidState as refused:  # not submitted (or returned for revision)
        raise Refused(_("该自评不是已提交状态，不能指派评审员；未作任何指派。")) from refused
    return [a for a in review.assignments if a.id not in before_ids]


def _actor(email: str, assessment: Assessment) -> User:
    """Return the user who assigns; refused with the page's 403 words if they may not."""
    actor = find_user_by_email(email)
    if actor is None:
        raise Refused(_no_user("--as", email))
    try:
        require_review(actor, ReviewAction.MANAGE, assessment)
    except OwnOrganisationReview as refused:
        raise Refused(_named(f"--as {email}", own_organisation_text())) from refused
    except NotAllowed as refused:
        raise Refused(_named(f"--as {email}", no_permission_text())) from refused
    return actor


def _group(asked: Asked, assessment: Assessment, actor: User, review: Review | None) -> int | None:
    """Return the group the review belongs to (assign_group); refused, --group named."""
    try:
        return chosen_group(assessment, actor, asked.group, review)
    except GroupRefused as refused:
        option = "--group" if asked.group is None else f"--group {asked.group}"
        raise Refused(_named(option, str(refused)), _("未作任何指派。")) from refused


def _kind_of(review: Review | None) -> ReviewKind:
    # As the page's choice starts: an open review keeps its kind unless asked otherwise.
    return ReviewKind.DESK if review is None else review.kind


def _dates(
    asked: Asked, assessment: Assessment, kind: ReviewKind, review: Review | None
) -> AssignDates:
    """Read and check the days by the page's rules (assign_days); the page's defaults."""
    last_day = last_review_day(assessment)
    due_label, visit_label = str(assign_days.DUE_LABEL), str(assign_days.VISIT_LABEL)
    due = default_due_day() if asked.due is None else _day("--due", asked.due, due_label, last_day)
    visit = None if review is None else review.visit_on  # the page shows the open review's
    if asked.visit is not None:
        visit = _day("--visit", asked.visit, visit_label, last_day)
    problems = [
        ("--due", assign_days.day_problem(due, due_label, last_day)),
        ("--visit", assign_days.visit_problem(kind, visit, due, visit_label, last_day)),
    ]
    said = [_named(option, problem) for option, problem in problems if problem is not None]
    if said:
        raise Refused(*said, _("未作任何指派。"))
    return AssignDates(due, visit)


def _day(option: str, typed: str, label: str, last_day: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(iso_day_text(typed))
    except ValueError as exc:
        example = min(default_due_day(), last_day).isoformat()
        raise Refused(_named(option, bad_day_text(label, typed, example))) from exc


def _reviewers(emails: Sequence[str], assessment: Assessment, review: Review | None) -> list[User]:
    """Find each reviewer among the page's candidates; every one who is not, named."""
    listed = candidates_of(assessment, review, current_lang())
    chosen: list[User] = []
    said: list[str] = []
    for email in emails:
        user = find_user_by_email(email)
        found = None if user is None else listed.find(user.id)
        if user is None:
            said.append(_no_user("--reviewer", email))
        elif found is None:
            who = f"--reviewer {email} ({person_text(user.name)})"
            said.append(_named(who, str(NOT_A_CANDIDATE)))
        else:
            chosen.append(found)
    if said:
        raise Refused(*said, _("未作任何指派。"))
    return chosen


def _no_user(option: str, email: str) -> str:
    return _named(f"{option} {email}", _("没有使用该电子邮件地址的用户。"))


def _named(subject: str, reason: str) -> str:
    """Put the option (and the reviewer) a refusal is about before its reason."""
    return str(_("%(subject)s：%(reason)s", subject=subject, reason=reason))


def _line(assignment: ReviewAssignment) -> str:
    """Name the reviewer, the assessment, the kind and the days of one assignment."""
    review = assignment.review
    assessment = review.assessment
    text = _(
        "%(name)s（%(email)s）评审 %(organisation)s %(year)d 年度自评（编号 %(id)d），"
        "%(kind)s，提交期限 %(due)s",
        name=person_text(assignment.reviewer.name),
        email=assignment.reviewer.email,
        organisation=assessment.organisation.display_name(current_lang()),
        year=assessment.cycle.year,
        id=assessment.id,
        kind=str(KIND_IN_SENTENCE[review.kind]),
        due=assignment.due_on.isoformat() if assignment.due_on else "—",
    )
    if review.kind is ReviewKind.ONSITE and review.visit_on is not None:
        text += _("，现场评审日期 %(date)s", date=review.visit_on.isoformat())
    return str(text)
