"""What a report job's page says beyond its status: why it failed, a queue nobody takes.

A failure reason the system itself stores is a code, said in the viewer's language when the
page is drawn (QA13 S19: the restore stored "备份时尚未完成，请重试 (not finished when the
backup was made: retry it)" and both languages showed both halves). A job that waits in the
queue well past the time a running worker takes to start it says the worker may be down
(QA13 S20: "正在后台生成" showed for ever with the worker stopped); a running job whose
progress has not moved for minutes says its worker seems to have stopped (it showed "running"
until marked failed, up to 35 minutes later).

A job that raised stores the kind of failure, not the exception's text ("生成失败：OSError:
disk full" was shown to the secretariat); the raw text goes to the log (rcapp.reports.tasks).

A published file names its edition as the publish message does (edition_name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from rcapp import queue
from rcapp.reports.models import JobKind, JobStatus, ReportJob

UNFINISHED_AT_BACKUP = "unfinished_at_backup"
STORAGE = "storage"  # the file could not be written or read (disk full, no permission)
INTERNAL = "internal"  # any other error while producing the report
INTERRUPTED = "interrupted"  # found running long after its last progress: its worker died
YEAR_CLOSED = "year_closed"  # a recomputation whose year was closed before or while it ran
# What rcapp restore stored before the code (rows restored earlier still hold it).
_OLD_UNFINISHED = "备份时尚未完成，请重试 (not finished when the backup was made: retry it)"
# A running worker takes a queued job within seconds; two minutes means none is taking it.
STALLED_AFTER = queue.STALLED_AFTER
# A running job writes its progress as it goes (each percent; a scorecard's whole work takes
# seconds): none for this long means the worker running it seems to have died. It is marked
# failed only later (jobs.lost_after, up to 35 minutes); until then the page says so.
QUIET_AFTER = dt.timedelta(minutes=5)
SCORECARD_QUIET_AFTER = dt.timedelta(minutes=2)

# An edition by kind: "year, edition N" alone did not say which file (QA).
_EDITION_NAMES = {
    JobKind.ANNUAL_REPORT: _l("%(year)d 年度报告（%(lang)s）第 %(edition)d 版"),
    JobKind.ANNUAL_WORKBOOK: _l("%(year)d 年度数据工作簿（%(lang)s）第 %(edition)d 版"),
    JobKind.SCORECARDS: _l("%(year)d 年度评分卡压缩包（%(lang)s）第 %(edition)d 版"),
}


def edition_name(job: ReportJob, year: int, edition: int) -> str:
    """Name an edition by its year, kind, language and number: 2025 年度报告（英文）第 1 版.

    The publish message and the job page say it alike.
    """
    lang = _("英文") if job.lang == "en" else _("中文")
    return str(_EDITION_NAMES[job.kind]) % {"year": year, "lang": lang, "edition": edition}


def failure_kind(exc: BaseException) -> str:
    """Return the kind of failure the job stores for an exception raised while producing it."""
    if isinstance(exc, OSError):
        return STORAGE
    return INTERNAL


def error_number(job_id: int, failed_at: dt.datetime) -> str:
    """Return the number a failed job's page shows and its log line carries: id/time (UTC).

    The secretariat cannot read the server log (QA17 S15); the administrator they call finds
    the traceback by this number.
    """
    return f"{job_id}/{failed_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


def failure_words(error: str | None, number: str = "") -> str:
    """Return why the job failed, in the current language; `number` is its error number."""
    if not error:
        return ""
    if error in (UNFINISHED_AT_BACKUP, _OLD_UNFINISHED):
        return str(_("备份时尚未完成，请重试"))
    if error == YEAR_CLOSED:
        return str(_("年度已关闭：已关闭年度的结果已冻结，不再重新计算"))
    if error == INTERRUPTED:
        return str(_("生成中断（后台任务进程可能已重启），请重新生成"))
    if error == STORAGE:
        return str(
            _(
                "服务器无法保存或读取文件（例如磁盘已满），请联系系统管理员，处理后重试"
                "（错误编号 %(number)s）",
                number=number,
            )
        )
    # INTERNAL, and exception text stored before kinds existed
    return str(
        _("生成时出错，请重试；如仍失败，请联系系统管理员（错误编号 %(number)s）", number=number)
    )


def stamp_failure_words(error: str | None, number: str) -> str:
    """Say why an edition's stamp failed, as sentences: the short reason, then what to do.

    A stamp fails only while rendering or writing its file (failure_kind); the published file
    stays as it was, for the secretariat: members wait for the stamped one (the year page
    says so beside it, reader_editions).
    """
    if error == INTERRUPTED:  # its worker died while rendering: nothing was logged, no number
        return str(_("加盖中断：处理进程已停止，请点“重新加盖”。本版仍提供发布时的文件。"))
    if error == STORAGE:
        reason = _("服务器无法保存或读取文件（例如磁盘已满）")
    else:
        reason = _("生成带版次的文件时出错")
    return str(
        _(
            "%(reason)s。请点“重新加盖”重试；如仍失败，请联系系统管理员（错误编号 %(number)s）。",
            reason=reason,
            number=number,
        )
    )


def waiting_minutes(
    job: ReportJob, now: dt.datetime, worker_seen: dt.datetime | None = None
) -> int | None:
    """Return for how many minutes a queued job has not been started, once it is too long.

    A busy worker is not a missing one (QA52 M3: twelve jobs queued at once, four done and two
    at 85 %, and every waiting row said the worker "may not be running"): while the worker
    showed life (`worker_seen`, jobs.worker_last_seen) within the limit, a queued job is only
    waiting its turn.
    """
    if job.status is not JobStatus.QUEUED:
        return None
    return unattended_minutes(job.updated_at or job.created_at, now, worker_seen)  # a retry


def unattended_minutes(
    queued_since: dt.datetime, now: dt.datetime, worker_seen: dt.datetime | None
) -> int | None:
    """Return for how many minutes a task queued at `queued_since` waits with no worker seen.

    The one rule of a queued job and of a published edition's queued stamp (stamp_states):
    None while it waits less than the limit, or while the worker showed life within it.
    """
    waited = now - queued_since
    if waited < STALLED_AFTER:
        return None
    if worker_seen is not None and now - worker_seen < STALLED_AFTER:
        return None
    return int(waited.total_seconds() // 60)


def quiet_minutes(job: ReportJob, now: dt.datetime) -> int | None:
    """Return for how many minutes a running job has not moved, once its worker seems gone.

    Its last progress (or its start) is its last sign of life: `updated_at` is written with
    every percent of progress.
    """
    if job.status is not JobStatus.RUNNING:
        return None
    limit = SCORECARD_QUIET_AFTER if job.kind is JobKind.SCORECARD else QUIET_AFTER
    quiet = now - job.updated_at
    if quiet < limit:
        return None
    return int(quiet.total_seconds() // 60)


@dataclass(frozen=True)
class Stall:
    """Why a job's worker may be missing: queued `waiting` minutes, or running `quiet` ones."""

    waiting: int | None
    quiet: int | None


def stall(job: ReportJob, now: dt.datetime, worker_seen: dt.datetime | None) -> Stall | None:
    """Return why the job looks stalled, or None: the one rule of its page and the jobs list.

    A queued job: waiting past the limit and no sign of the worker within it (`worker_seen`:
    the last time any job started, progressed or finished). A running job: its own progress
    has not moved within its kind's limit.
    """
    waiting, quiet = waiting_minutes(job, now, worker_seen), quiet_minutes(job, now)
    return None if waiting is None and quiet is None else Stall(waiting, quiet)


def stall_notice(
    job: ReportJob, now: dt.datetime, worker_seen: dt.datetime | None
) -> dict[str, int | None]:
    """Return the `waiting` and `quiet` minutes a job's page passes to _job_stalled.html."""
    found = stall(job, now, worker_seen)
    if found is None:
        return {"waiting": None, "quiet": None}
    return {"waiting": found.waiting, "quiet": found.quiet}
