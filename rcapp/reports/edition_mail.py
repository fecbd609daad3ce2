"""Tell the members a new annual report edition can be read: once per edition number.

An edition is on the members' page only once its stamp is done or skipped
(reader_editions.readable_edition): the stamp worker hands this task the edition then, never
at publish. Only the annual report reaches members; the workbook and the scorecards are the
secretariat's and mail nobody.

The policy (docs/reports.md, "Who is mailed"), one rule for the mail and for the publish
confirmation, which says who will be mailed and how many before anything is sent (audience):

- Edition N of a year is announced once to everyone who may read the annual reports
  (withdrawal_mail.readers), each in their own language, naming every language published
  under N so far: publishing the Chinese and then the English edition 1 sends one mail, not
  28 and then 0 (or 28 twice).
- A language published under N after that mail went, and not named in it, is told only to the
  readers of that language (pdfveto 2: each is told of an edition in their own language).
- Edition N > 1 replaces one of its language: it is a corrected edition (更正版), and its mail
  says so, which edition it replaces, so that a reader who downloaded it uses this one, and
  what was corrected (its publisher's correction note).
- Its publisher may choose not to notify members (edition_choices): that edition mails
  nobody and counts as not told, so a later edition, or the other language under the same
  number, is mailed by the rules above as if it had not been published with a mail.

Once only: the number and languages told are kept in the job's params (no column, as the stamp
and the withdrawal), set under the year's row lock in the transaction that stores the
messages, so a retried or repeated task, or a sibling language at the same moment, finds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.cycles.models import ReportingCycle
from rcapp.links import external_url
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.mail.services import recipient_locale
from rcapp.mail.tasks import deliver_outbox
from rcapp.queue import app_task
from rcapp.reports.edition_choices import members_not_notified
from rcapp.reports.edition_withdrawals import is_withdrawn
from rcapp.reports.editions import earlier_edition, next_edition_number
from rcapp.reports.jobs import params_of
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.reader_editions import readable_edition
from rcapp.reports.withdrawal_mail import readers
from rcapp.row_locks import lock_row

KIND = "report.published"
ANNOUNCED_KEY = "announced_edition"
NAMED_KEY = "announced_languages"  # the languages the edition's mail named
LANGUAGES = ("zh", "en")  # the order a mail names them in


@dataclass(frozen=True)
class Audience:
    """Who an edition's mail goes to, the languages it names, and why nobody when nobody."""

    users: list[User] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    correction: bool = False  # edition N > 1: it replaces an earlier one of its language
    # Why nobody: "secretariat" (not the annual report), "named" (its number's mail named
    # its language already), "other_language" (its number was told, and nobody reads this
    # language), "no_readers" (nobody may read the reports), "announced" (told already).
    nobody_because: str | None = None


def was_announced(job: ReportJob) -> bool:
    return job.edition is not None and params_of(job).get(ANNOUNCED_KEY) == job.edition


def _named(job: ReportJob) -> set[str]:
    """Return the languages the job's mail named (before NAMED_KEY was kept: its own)."""
    if not was_announced(job):
        return set()
    return set(params_of(job).get(NAMED_KEY) or [job.lang])


def _reader_lang(user: User) -> str:
    return "en" if recipient_locale(user) == "en" else "zh"


def audience(job: ReportJob, number: int | None = None) -> Audience:
    """Say who the mail of the job as edition `number` (default: its own) goes to (module doc)."""
    if job.kind is not JobKind.ANNUAL_REPORT:
        return Audience(nobody_because="secretariat")
    number = number or job.edition or next_edition_number(job)
    if job.edition == number and was_announced(job):
        return Audience(nobody_because="announced")
    siblings = [
        row
        for row in db.session().scalars(
            select(ReportJob).where(
                ReportJob.cycle_id == job.cycle_id,
                ReportJob.kind == JobKind.ANNUAL_REPORT,
                ReportJob.edition == number,
                ReportJob.id != job.id,
            )
        )
        if not is_withdrawn(row)
    ]
    named = set().union(*(_named(row) for row in siblings))
    correction = number > 1
    if job.lang in named:
        return Audience(correction=correction, nobody_because="named")
    everyone = readers()
    if named:  # the number was told already: only the readers of this language now
        users = [u for u in everyone if _reader_lang(u) == job.lang]
        languages: tuple[str, ...] = (job.lang,)
    else:
        users = everyone
        published = {row.lang for row in siblings} | {job.lang}
        languages = tuple(lang for lang in LANGUAGES if lang in published)
    if not users:
        why = "other_language" if named else "no_readers"
        return Audience(languages=languages, correction=correction, nobody_because=why)
    return Audience(users, languages, correction)


def _subject(
    year: int, edition: int, languages: tuple[str, ...], correction: bool
) -> Callable[[str], str]:
    def subject(lang: str) -> str:
        if correction:
            words = _(
                "%(year)d 年度责任关怀报告第 %(edition)d 版（更正版）已发布",
                year=year,
                edition=edition,
            )
        else:
            words = _(
                "%(year)d 年度责任关怀报告第 %(edition)d 版已发布", year=year, edition=edition
            )
        if lang in languages:
            return str(words)
        if languages == ("en",):
            return str(_("%(subject)s（英文版）", subject=words))
        return str(_("%(subject)s（中文版）", subject=words))

    return subject


def queue_edition_notices(job: ReportJob) -> int:
    """Queue the notice of the readable edition `job` unless told already; return how many."""
    if job.kind is not JobKind.ANNUAL_REPORT or not lock_row(job) or was_announced(job):
        return 0
    if members_not_notified(job):  # its publisher chose to mail nobody (edition_choices)
        return 0
    cycle = None if job.cycle_id is None else db.session().get(ReportingCycle, job.cycle_id)
    if job.edition is None or cycle is None or readable_edition(job.id) is None:
        return 0  # its stamp is still to come, or it was withdrawn meanwhile
    lock_row(cycle)  # a sibling language announced at the same moment waits, then reads ours
    told = audience(job)
    earlier = earlier_edition(job)
    publisher = None if job.published_by_id is None else db.session().get(User, job.published_by_id)
    compose = compose_notice(
        "mail/report_published.txt",
        _subject(cycle.year, job.edition, told.languages, told.correction),
        job=job,
        year=cycle.year,
        languages=told.languages,
        earlier=earlier,
        earlier_withdrawn=earlier is not None and is_withdrawn(earlier),
        link=external_url("reports.annual_reports"),
    )
    messages = queue_notices(
        KIND,
        told.users,
        compose,
        organisation_id=None,
        cycle_id=job.cycle_id,
        actor=publisher,
    )
    params = params_of(job)
    params[ANNOUNCED_KEY] = job.edition
    params[NAMED_KEY] = list(told.languages) if told.users else []
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
