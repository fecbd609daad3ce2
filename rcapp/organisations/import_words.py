"""What an organisation import job's state is, in words of the page's language.

The jobs page lists each import by it (state_words); the address of an ended import says
how it ended (ended_words: written, cancelled, replaced, failed), not "ended or expired".
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import ngettext

from rcapp.organisations.import_job import (
    APPLIED,
    APPLYING,
    CANCELLED,
    CHECKED,
    CHECKING,
    FAILED,
    REPLACED,
    Job,
)
from rcapp.web import beijing_time

ENDED = frozenset({APPLIED, CANCELLED, REPLACED, FAILED})


def moment(stamp: float) -> dt.datetime:
    """Return a job's time (seconds since the epoch) as the aware UTC timestamp pages show."""
    return dt.datetime.fromtimestamp(stamp, dt.UTC)


def ended_words(job: Job) -> str:
    """Say how an ended job ended; "" for one not ended (waiting, or a preview)."""
    if job.state == APPLIED:
        return str(
            _(
                "已写入：新增 %(created)d，更新 %(updated)d（北京时间 %(time)s，%(who)s）",
                created=job.created,
                updated=job.updated,
                time=beijing_time(moment(job.moved_at), labelled=False),
                who=job.confirmed_by or "—",
            )
        )
    if job.state == CANCELLED:
        return str(_("已取消，没有写入任何内容。"))
    if job.state == REPLACED:
        return str(_("已被较新的上传替换，没有写入任何内容。"))
    if job.state == FAILED:
        return str(_("导入时单位名册已被他人修改，没有写入任何内容。请重新上传文件。"))
    return ""


def state_words(job: Job) -> str:
    """Return the job's state as the jobs page lists it."""
    if job.is_lost():
        return str(_("已中断（后台任务没有完成）"))
    if job.waiting and job.started_at is None:
        return str(_("排队中"))  # no worker has taken it yet (QA43 S2)
    if job.state == CHECKING:
        return str(_("正在检查"))
    if job.state == APPLYING:
        return str(_("正在写入"))
    if job.state == CHECKED and job.confirmable:
        return str(_("待确认"))
    if job.state == CHECKED and job.preview is not None and not job.preview.ok:
        count = len(job.preview.problems)
        return str(ngettext("检查未通过：%(num)d 个问题", "检查未通过：%(num)d 个问题", count))
    if job.state == CHECKED:
        return str(_("无需写入：与单位名册一致"))
    return ended_words(job)
