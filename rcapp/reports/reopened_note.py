"""A scorecards archive made before its year was reopened says so in a note inside it.

Its scorecards say "年度关闭时冻结的结果" (frozen when the year was closed): true of the close
before the reopening, misleading once the year was reopened (answers and results may have
changed since; the year page marks the edition out of date, the files could not). The stored
archive is not rewritten (a published edition's file is kept as published): the note is
added to the copy sent, at the download. Inside the archive rather than in its name, so it
travels with the scorecards when they are unpacked or passed on; in Chinese and English
together, as the archive may be read by anyone it is forwarded to.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from flask import render_template

from rcapp.clock import to_beijing
from rcapp.cycles.models import ReportingCycle
from rcapp.reports import queries, zip_entries
from rcapp.reports.models import JobKind, ReportJob

NOTE_NAME = "说明-README.txt"  # members are named in Chinese already (producers.scorecards)


def noted_archive(job: ReportJob, path: Path, cycle: ReportingCycle | None) -> bytes | None:
    """Return the job's scorecards archive with the note added; None: it needs none."""
    if job.kind is not JobKind.SCORECARDS or cycle is None:
        return None
    reopened = queries.reopened_after([job]).get(job.id)
    if reopened is None:
        return None
    note = render_template(
        "reports/scorecards_reopened_note.txt",
        year=cycle.year,
        edition=job.edition,
        made=_minute(job.created_at),  # the rule of queries.reopened_after
        reopened=_minute(reopened),
    )
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        # with a BOM: Windows' Notepad then reads the UTF-8 as UTF-8, not as GBK
        text = "\ufeff" + note.replace("\n", "\r\n")
        zip_entries.add_member(archive, NOTE_NAME, text.encode("utf-8"))
    return buffer.getvalue()


def _minute(moment: dt.datetime) -> str:
    return to_beijing(moment).strftime("%Y-%m-%d %H:%M")
