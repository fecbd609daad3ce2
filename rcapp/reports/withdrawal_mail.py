"""Tell the members who can read the annual reports that an edition was withdrawn.

Members who downloaded an edition found wrong are not known (downloads are not recorded),
and the report is written for the whole programme: every member who may read the annual
reports page (permissions: ANNUAL_REPORT_READ, an organisation's user or a group role
holder) is told once, in their own language, with the secretariat's reason and the edition
now in force. Some thousand messages: composed by the worker, not in the withdraw request.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import or_, select

from rcapp import db
from rcapp.accounts.models import Membership, User, WorkingGroupRole
from rcapp.links import external_url
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.mail.tasks import deliver_outbox
from rcapp.queue import app_task
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.reader_editions import withdrawn_edition

KIND = "report.withdrawn"


def readers() -> list[User]:
    """Active users who may read the annual reports: in an organisation or holding a group role."""
    statement = (
        select(User)
        .where(
            User.is_active.is_(True),
            or_(
                User.id.in_(select(Membership.user_id)),
                User.id.in_(select(WorkingGroupRole.user_id)),
            ),
        )
        .order_by(User.id)
    )
    return list(db.session().scalars(statement))


def _subject(year: int, edition: int) -> Callable[[str], str]:
    def subject(_lang: str) -> str:
        words = _("%(year)d 年度责任关怀报告第 %(edition)d 版已撤回", year=year, edition=edition)
        return str(words)

    return subject


def queue_withdrawal_notices(job: ReportJob, actor: User | None) -> int:
    """Queue the notice of the withdrawn annual report edition `job`; return how many."""
    note = withdrawn_edition(job)
    if note is None:
        return 0
    year = note.year
    compose = compose_notice(
        "mail/report_withdrawn.txt",
        _subject(year, job.edition or 0),
        note=note,
        year=year,
        link=external_url("reports.annual_reports"),
    )
    messages = queue_notices(
        KIND, readers(), compose, organisation_id=None, cycle_id=job.cycle_id, actor=actor
    )
    return len(messages)


def enqueue_withdrawal_notices(job: ReportJob, actor: User) -> None:
    """Hand the notice to the worker (call after committing the withdrawal)."""
    if job.kind is JobKind.ANNUAL_REPORT:
        tell_members_withdrawn(job.id, actor.id)


@app_task()
def tell_members_withdrawn(job_id: int, actor_id: int | None) -> None:
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None:
        return
    actor = None if actor_id is None else session.get(User, actor_id)
    queue_withdrawal_notices(job, actor)
    session.commit()
    deliver_outbox()
