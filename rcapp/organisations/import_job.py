"""The job of an organisation import: its state, kept beside the upload, and its preview.

Checking 3,000 rows takes about 30 s, so the web never does it: the upload starts a job
(`checking`), the worker checks the file and keeps the preview (`checked`: the problems,
or what confirming would write, already in the words of the uploader's language); the
confirmation hands the writing to the worker too (`applying`), which checks the file once
more and then writes all rows or none (`applied`), shows the new preview when the register
changed meanwhile (`checked` again, `changed`), or gives up when a colleague registered
one of the rows in between (`failed`). The page polls the state while the worker works.

A user has one import at a time: a new upload replaces one still being checked or
previewed (`replaced`: its file is deleted, its job stops); while one is being written,
the upload page refuses another (views.imports). Cancelling deletes the file (`cancelled`).
An ended job's state stays, so its address says how it ended and the jobs page lists it,
until it is swept with the files a day later; a job still queued or running is never swept
(a worker down for longer than a day finds its file when it returns).

The state is a small JSON file (import_hold), not a table: it lives and dies with the
uploaded file, and the organisations package sits below the report jobs' package.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from flask_babel import get_locale

from rcapp import queue
from rcapp.organisations import import_hold
from rcapp.organisations.import_check import ImportPlan
from rcapp.organisations.models import display_name
from rcapp.worker_identity import work_lost

CHECKING, CHECKED = "checking", "checked"
APPLYING, APPLIED, FAILED = "applying", "applied", "failed"
REPLACED = "replaced"  # the user uploaded another file before confirming this one
CANCELLED = "cancelled"  # the user cancelled the preview
WAITING = frozenset({CHECKING, APPLYING})
# A job a worker started that has not moved for this long lost its worker (killed,
# restarted): 3,000 rows take about half a minute. A job whose task still waits in the queue
# is never lost: the worker takes it when it runs again (QA35 D4).
LOST_AFTER_SECONDS = 15 * 60
# A running worker takes a task within seconds; this long in the queue means none is taking
# it (the rule of every queued task: rcapp.queue.STALLED_AFTER).
STALLED_AFTER_SECONDS = queue.STALLED_AFTER.total_seconds()
# A started step that has not moved for this long is shown as stalled (its worker seems to
# have stopped, QA43 D2): 3,000 rows are checked or written in well under a minute.
QUIET_AFTER_SECONDS = 3 * 60
_SHOWN_VALUES = ("kind", "name_zh", "name_en", "credit_code", "province", "city")


@dataclass(frozen=True)
class ShownOrganisation:
    """The registered organisation an update row changes, as the preview names it."""

    id: int
    name_zh: str
    name_en: str | None
    credit_code: str

    def display_name(self, lang: str) -> str:
        return display_name(self.name_zh, self.name_en, lang)


@dataclass(frozen=True)
class ShownRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    existing: ShownOrganisation | None = None


@dataclass(frozen=True)
class Preview:
    """What the preview page shows of an ImportPlan (import.html reads it as it read the plan)."""

    problems: list[str] = field(default_factory=list)
    creates: list[ShownRow] = field(default_factory=list)
    updates: list[ShownRow] = field(default_factory=list)
    unchanged: int = 0
    fingerprint: str = ""
    row_problems: int = 0  # how many problems are in rows (to correct in Excel, QA43 S10)
    # The problems in each language ("zh", "en"), kept at the check: the page shows them in
    # its current language, not the upload's. A preview kept before has `problems` only.
    translated: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_work(self) -> bool:
        return bool(self.creates or self.updates)

    def problems_in(self, lang: str) -> list[str]:
        """Return the problems in `lang` when kept so; else as they were kept (older jobs)."""
        return self.translated.get(lang) or self.problems


def with_problems_in(preview: Preview, lang: str, plan: ImportPlan) -> Preview:
    """Return the preview with its problems also in `lang`, as `plan` (checked in it) words them.

    Only a file with problems is checked twice; the same file gives the same problems.
    """
    texts = [p.text() for p in plan.problems]
    if len(texts) != len(preview.problems):  # the register changed between the two checks
        return preview
    return replace(preview, translated={**preview.translated, lang: texts})


def preview_of(plan: ImportPlan) -> Preview:
    """Keep what the page shows of a plan; its words are those of the current locale."""
    creates = [
        ShownRow(p.row, {k: _plain(p.values.get(k)) for k in _SHOWN_VALUES}) for p in plan.creates
    ]
    updates = [
        ShownRow(
            p.row,
            changes=[(key, old, new) for key, old, new in p.changes],
            existing=ShownOrganisation(
                p.existing.id, p.existing.name_zh, p.existing.name_en, p.existing.credit_code
            ),
        )
        for p in plan.updates
        if p.existing is not None
    ]
    fingerprint = plan.fingerprint() if plan.ok and plan.has_work else ""
    in_rows = sum(1 for p in plan.problems if p.row is not None)
    texts = [p.text() for p in plan.problems]
    locale = get_locale()
    lang = "en" if locale is not None and locale.language == "en" else "zh"
    translated = {lang: texts} if texts else {}
    return Preview(texts, creates, updates, plan.unchanged, fingerprint, in_rows, translated)


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def _preview_from(document: dict[str, Any]) -> Preview:
    def row(raw: dict[str, Any]) -> ShownRow:
        existing = raw.get("existing")
        return ShownRow(
            int(raw["row"]),
            dict(raw.get("values") or {}),
            [(str(k), str(o), str(n)) for k, o, n in raw.get("changes") or []],
            ShownOrganisation(**existing) if existing else None,
        )

    return Preview(
        [str(text) for text in document.get("problems", [])],
        [row(raw) for raw in document.get("creates", [])],
        [row(raw) for raw in document.get("updates", [])],
        int(document.get("unchanged", 0)),
        str(document.get("fingerprint", "")),
        int(document.get("row_problems", len(document.get("problems", [])))),
        _translated(document.get("translated")),
    )


def _translated(raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        return {}
    kept = {lang: texts for lang, texts in raw.items() if isinstance(texts, list)}
    return {str(lang): [str(text) for text in texts] for lang, texts in kept.items()}


@dataclass
class Job:
    token: str
    state: str
    lang: str = "zh"
    filename: str = ""
    moved_at: float = field(default_factory=time.time)
    uploaded_at: float = field(default_factory=time.time)
    preview: Preview | None = None
    changed: bool = False  # the register changed between the preview and the confirmation
    created: int = 0
    updated: int = 0
    actor: dict[str, Any] | None = None  # who confirmed (the worker writes in their name)
    confirmed_by: str = ""  # their name, as the ended job's page says who wrote it
    started_at: float | None = None  # when a worker took the current step; None: queued
    worker: dict[str, Any] | None = None  # the worker process that took it (worker_identity)
    uploaded_by: str = ""  # the uploader's name: a colleague opening its address is told (S1)
    # The write step reached its commit (saved just before it): unless so, a write whose worker
    # died committed nothing, the rows being written in one transaction.
    committing: bool = False

    def wrote_nothing(self) -> bool:
        """Say whether a lost write never reached its commit (so far: see import_tasks.COMMIT).

        Whether its worker is known dead or only silent for LOST_AFTER_SECONDS: a worker late
        for the commit finds the step taken by the page giving it up, and writes nothing.
        """
        return not self.committing

    @property
    def waiting(self) -> bool:
        return self.state in WAITING

    @property
    def confirmable(self) -> bool:
        """Checked, with rows to write and no problem: the preview waits for the user."""
        return self.state == CHECKED and self.preview is not None and self.preview.fingerprint != ""

    def is_lost(self, now: float | None = None) -> bool:
        """Say whether a worker took the step and then stopped moving (its task died with it)."""
        moment = now if now is not None else time.time()
        if not self.waiting or self.started_at is None:
            return False
        # Its worker on this host is gone (killed): lost now, not 15 minutes on (QA43 D2).
        quiet = dt.timedelta(seconds=moment - self.moved_at)
        return work_lost(self.worker, quiet, dt.timedelta(seconds=LOST_AFTER_SECONDS))

    def quiet_minutes(self, now: float | None = None) -> int | None:
        """For how many minutes a started step has not moved, once its worker seems gone."""
        if not self.waiting or self.started_at is None:
            return None
        quiet = (now if now is not None else time.time()) - self.moved_at
        return int(quiet // 60) if quiet >= QUIET_AFTER_SECONDS else None

    def lost_in_minutes(self, now: float | None = None) -> int:
        """In about how many minutes a started step is given up by the time rule."""
        left = self.moved_at + LOST_AFTER_SECONDS - (now if now is not None else time.time())
        return max(1, -(-int(left) // 60))

    def queued_minutes(self, now: float | None = None) -> int | None:
        """For how many minutes no worker has taken the queued step, once it is too long."""
        if not self.waiting or self.started_at is not None:
            return None
        waited = (now if now is not None else time.time()) - self.moved_at
        return int(waited // 60) if waited >= STALLED_AFTER_SECONDS else None


def sweep(now: float | None = None) -> int:
    """Delete the files of jobs ended, abandoned or lost a day ago; never a queued or running."""

    def under_way(user_id: int, token: str) -> bool:
        job = load(user_id, token)
        return job is not None and job.waiting and not job.is_lost(now)

    return import_hold.sweep(now, keep=under_way)


def cancel(user_id: int, token: str) -> None:
    """End the job before anything is written: its file goes, its state says cancelled."""
    import_hold.drop_file(user_id, token)
    job = load(user_id, token)
    if job is not None:
        job.state, job.preview = CANCELLED, None
        save(user_id, job)


def everyone() -> list[tuple[int, Job]]:
    """Return every user's import jobs on disk, (uploader id, job), the latest first."""
    found = [(user_id, load(user_id, token)) for user_id, token in import_hold.all_tokens()]
    jobs = [(user_id, job) for user_id, job in found if job is not None]
    return sorted(jobs, key=lambda pair: pair[1].moved_at, reverse=True)


def start(user_id: int, data: bytes, lang: str, filename: str, uploaded_by: str = "") -> Job:
    """Hold the upload and record its job, checking; the user's earlier imports end here."""
    sweep()
    token = import_hold.hold(user_id, data)
    for other in import_hold.tokens_of(user_id) - {token}:
        import_hold.drop_file(user_id, other)
        earlier = load(user_id, other)
        if earlier is not None and earlier.state in (CHECKING, CHECKED):
            earlier.state, earlier.preview = REPLACED, None
            save(user_id, earlier)
    job = Job(token, CHECKING, "en" if lang == "en" else "zh", upload_name(filename))
    job.uploaded_by = uploaded_by[:200]
    save(user_id, job)
    return job


def upload_name(raw: str) -> str:
    r"""Keep the uploaded file's own name, as the jobs page and the audit log show it.

    A browser may send a path (old Windows browsers: "C:\Users\名单.xlsx"): only its last
    part is kept; control characters go. A bare backslash never reaches rcapp: Werkzeug's
    parser reads it as an escape and drops it ("a\b.xlsx" arrives as "ab.xlsx"), so a
    Windows path arrives without its separators, which cannot be told apart afterwards.
    """
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:200]


def someone_elses(user_id: int, token: str) -> Job | None:
    """Return the job of this address when another user uploaded it (a colleague's import)."""
    for owner, found in import_hold.all_tokens():
        if found == token and owner != user_id:
            return load(owner, token)
    return None


def latest(user_id: int) -> Job | None:
    """Return the user's import still to be waited for or confirmed, if there is one."""
    found = [load(user_id, token) for token in import_hold.tokens_of(user_id)]
    open_jobs = [job for job in found if job is not None and (job.waiting or job.confirmable)]
    open_jobs = [job for job in open_jobs if not job.is_lost()]
    return max(open_jobs, key=lambda job: job.moved_at, default=None)


def save(user_id: int, job: Job) -> None:
    job.moved_at = time.time()
    document = asdict(job)
    import_hold.write_state(user_id, job.token, document)


def load(user_id: int, token: str) -> Job | None:
    document = import_hold.read_state(user_id, token)
    if document is None:
        return None
    preview = document.get("preview")
    return Job(
        token=token,
        state=str(document.get("state", "")),
        lang=str(document.get("lang", "zh")),
        filename=str(document.get("filename", "")),
        moved_at=float(document.get("moved_at", 0.0)),
        uploaded_at=float(document.get("uploaded_at", document.get("moved_at", 0.0))),
        preview=_preview_from(preview) if isinstance(preview, dict) else None,
        changed=bool(document.get("changed", False)),
        created=int(document.get("created", 0)),
        updated=int(document.get("updated", 0)),
        actor=document.get("actor") if isinstance(document.get("actor"), dict) else None,
        confirmed_by=str(document.get("confirmed_by", "")),
        started_at=_number(document.get("started_at")),
        worker=document.get("worker") if isinstance(document.get("worker"), dict) else None,
        uploaded_by=str(document.get("uploaded_by", "")),
        committing=bool(document.get("committing", True)),  # unknown (older state): maybe
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
