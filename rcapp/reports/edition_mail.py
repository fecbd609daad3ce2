"""Tell the members a new annual report edition can be read, once, when it can.

An edition is on the members' page only once its stamp is done or skipped
(reader_editions.readable_edition): the stamp worker hands this task the edition then, never
at publish. Everyone who may read the annual reports (withdrawal_mail.readers: there are no
notice preferences to honour) whose language the edition is in gets one message in it with
the year, number and language of the edition; one that follows a withdrawn edition says it
replaces it. An edition in the other language is told only to those whose language has no
edition of the year yet, its subject naming the language: publishing the English and then
the Chinese edition sent everyone two mails under one subject (pdfveto 2).

Once only per edition: the number told is kept in the job's params (no column, as the stamp
and the withdrawal), set under the job's row lock in the transaction that stores the
messages, so a retried or repeated task finds it and queues nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask_babel import gettext as _

from rcapp import db
from rcapp.accounts.models import User
from rcapp.cycles.models import ReportingCycle
from rcapp.links import external_url
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.mail.services import recipient_locale
from rcapp.mail.tasks import deliver_outbox
from rcapp.queue import app_task
from rcapp.reports.edition_withdrawals import is_withdrawn
from rcapp.reports.editions import earlier_edition
from rcapp.reports.jobs import params_of
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.reader_editions import published_languages, readable_edition
from rcapp.reports.withdrawal_mail import readers
from rcapp.row_locks import lock_row

KIND = "report.published"
ANNOUNCED_KEY = "announced_edition"


def was_announced(job: ReportJob) -> bool:
    return job.edition is not None and params_of(job).get(ANNOUNCED_KEY) == job.edition


def _subject(year: int, edition: int, edition_lang: str) -> Callable[[str], str]:
    def subject(lang: str) -> str:
        words = _("%(year)d 年度责任关怀报告第 %(edition)d 版已发布", year=year, edition=edition)
        if lang == edition_lang:
            return str(words)
        if edition_lang == "en":
            return str(_("%(subject)s（英文版）", subject=words))
        return str(_("%(subject)s（中文版）", subject=words))

    return subject


def _reader_lang(user: User) -> str:
    return "en" if recipient_locale(user) == "en" else "zh"


def _told(job: ReportJob, cycle: ReportingCycle) -> list[User]:
    """List the readers in the edition's language, and those whose language has none yet."""
    covered = published_languages(cycle.id) - {job.lang}
    return [u for u in readers() if _reader_lang(u) == job.lang or _reader_lang(u) not in covered]


def queue_edition_notices(job: ReportJob) -> int:
    """Queue the notice of the readable edition `job` unless told already; return how many."""
    if job.kind is not JobKind.ANNUAL_REPORT or not lock_row(job) or was_announced(job):
        return 0
    cycle = None if job.cycle_id is None else db.session().get(ReportingCycle, job.cycle_id)
    if job.edition is None or cycle is None or readable_edition(job.id) is None:
        return 0  # its stamp is still to come, or it was withdrawn meanwhile
    earlier = earlier_edition(job)
    publisher = None if job.published_by_id is None else db.session().get(User, job.published_by_id)
    compose = compose_notice(
        "mail/report_published.txt",
        _subject(cycle.year, job.edition, job.lang),
        job=job,
        year=cycle.year,
        earlier=earlier,
        earlier_withdrawn=earlier is not None and is_withdrawn(earlier),
        link=external_url("reports.annual_reports"),
    )
    messages = queue_notices(
        KIND,
        _told(job, cycle),
        compose,
        organisation_id=None,
        cycle_id=job.cycle_id,
        actor=publisher,
    )
    params = params_of(job)
    params[ANNOUNCED_KEY] = job.edition
    job.params = json.dumps(params, ensure_ascii=False)
    db.session().flush()
    return len(messages)


@app_task()
def announce_edition(job_id: int) -> None:
    """Tell the members of the edition (call once it is readable: after its stamp's commit)."""
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None:
        return
    if queue_edition_notices(job):
        session.commit()
        deliver_outbox()
