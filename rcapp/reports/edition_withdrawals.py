"""Withdrawing a published edition: it stays on the year page, marked, and leaves members' lists.

No column of its own (no migration): the withdrawal (when, by whom, why) is kept in the job's
params. The edition keeps its number, so the next publish goes on from the highest number
(editions.publish) and no number is ever given twice. Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import User
from rcapp.db import utcnow
from rcapp.errors import RcappError
from rcapp.reports.jobs import params_of, record_job
from rcapp.reports.models import ReportJob
from rcapp.row_locks import lock_row

logger = logging.getLogger(__name__)

WITHDRAWN_KEY = "withdrawn"
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Withdrawal:
    at: dt.datetime
    by_id: int | None
    reason: str
    # the reason was asked for as one members read (withdrawals before that kept theirs internal)
    for_members: bool = False


class WithdrawRefused(RcappError):
    """The edition cannot be withdrawn; `reason` is one of REASONS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


REASONS = ("not_published", "withdrawn", "no_reason", "too_long")


def withdrawal_of(job: ReportJob) -> Withdrawal | None:
    """Return the job's withdrawal, or None while it is not a withdrawn edition."""
    kept = params_of(job).get(WITHDRAWN_KEY)
    if job.edition is None or not isinstance(kept, dict):
        return None
    by_id = kept.get("by")
    return Withdrawal(
        at=dt.datetime.fromisoformat(str(kept.get("at"))),
        by_id=by_id if isinstance(by_id, int) else None,
        reason=str(kept.get("reason", "")),
        for_members=kept.get("for_members") is True,
    )


def is_withdrawn(job: ReportJob) -> bool:
    return withdrawal_of(job) is not None


def withdraw(job: ReportJob, actor: User, reason: str) -> None:
    """Withdraw a published edition with a reason (WithdrawRefused): audited, kept on record.

    The file stays (the secretariat can still read what was withdrawn); members no longer
    see the edition (reader_editions).
    """
    lock_row(job)
    said = reason.strip()
    if job.edition is None:
        raise WithdrawRefused("not_published")
    if is_withdrawn(job):
        raise WithdrawRefused("withdrawn")
    if not said:
        raise WithdrawRefused("no_reason")
    if len(said) > MAX_REASON_CHARS:
        raise WithdrawRefused("too_long")
    params = params_of(job)
    params[WITHDRAWN_KEY] = {
        "at": utcnow().isoformat(),
        "by": actor.id,
        "reason": said,
        "for_members": True,
    }
    job.params = json.dumps(params, ensure_ascii=False)
    db.session().flush()
    record_job(actor, job, "report_job.withdraw", edition=job.edition, reason=said)
    logger.info("Report job %s (edition %s) withdrawn by %s", job.id, job.edition, actor.id)
