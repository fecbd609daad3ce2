"""Report jobs that were queued or running when the backup was made.

Their place in the task queue is not in the backup (the queue is Redis or its own file and
belongs to the running installation), so after a restore no worker would ever pick them up
and they would show "queued" for good. They are marked failed with the reason instead, so
whoever asked for one can retry it.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, update

from rcapp.reports.models import JobStatus, ReportJob

UNFINISHED = "备份时尚未完成，请重试 (not finished when the backup was made: retry it)"


def fail_unfinished(engine: Engine) -> int:
    """Mark the restored database's queued and running report jobs failed; return how many."""
    with engine.begin() as conn:
        if ReportJob.__tablename__ not in inspect(conn).get_table_names():
            return 0  # a backup from before report jobs existed
        marked = conn.execute(
            update(ReportJob)
            .where(ReportJob.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
            .values(status=JobStatus.FAILED, error=UNFINISHED, progress=0)
        )
        return marked.rowcount
