"""Report jobs that were queued or running when the backup was made.

Their place in the task queue is not in the backup (the queue is Redis or its own file and
belongs to the running installation), so after a restore no worker would ever pick them up
and they would show "queued" for good. They are marked failed with the reason instead, so
whoever asked for one can retry it.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, update

from rcapp.reports.job_words import UNFINISHED_AT_BACKUP
from rcapp.reports.models import JobStatus, ReportJob

# A code, said in the viewer's language by the job's page (reports.job_words).
UNFINISHED = UNFINISHED_AT_BACKUP


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
