"""Concurrent use: 20 people of five organisations saving, uploading and submitting.

Against gunicorn (2 workers x 4 threads) on SQLite and on PostgreSQL, for a bounded time
(60 s, `--seconds` to shorten). Each person works like a browser: opens a section, edits
one item (its level and a unique marker in its comment) for a moment, saves the whole
form; now and then uploads evidence or submits. The secretariat returns submitted
assessments so the editing goes on. Targets: zero server errors and zero lost updates.

A lost update is a saved value later found silently replaced by a stale one: a sampler
reads the answers every half second, and an item whose comment holds a marker whose
save was acknowledged before a newer save of that item was even sent has been reverted
by someone's stale form. Saves the server refuses (a version check, a locked
assessment) are counted apart: they are not errors and lose nothing silently.
"""

from __future__ import annotations

import itertools
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.bench.common import arguments, fresh_database, load_note, note, pg_url
from tests.bench.server import Browser, gunicorn

DEMO_PASSWORD = "rcapp-demo-2025"  # rcapp.demo.world.DEMO_PASSWORD, published in the README
SECRETARIAT = "secretariat@demo.example.cn"
PEOPLE_PER_ORG = 4
ORGANISATIONS = 5
PDF = b"%PDF-1.4\n% rcapp bench evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class FormFields(HTMLParser):
    """The fields a browser would post from the page's forms (last one wins per name)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name")
        if tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        if tag != "input" or not name:
            return
        kind = found.get("type", "text")
        if kind == "radio":
            self.radios.setdefault(name, []).append(found.get("value", ""))
            if "checked" in found:
                self.fields[name] = found.get("value", "")
        elif kind == "checkbox":
            if "checked" in found:
                self.fields[name] = found.get("value", "y")
        elif kind not in ("submit", "file", "button"):
            self.fields[name] = found.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def form_of(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


@dataclass
class Save:
    assessment_id: int
    item_id: str
    marker: str
    sent: float
    acked: float


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    saves: list[Save] = field(default_factory=list)
    lost: set[tuple[int, str, str]] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, action: str, status: int) -> None:
        with self.lock:
            self.statuses[f"{action} {status}"] += 1

    @property
    def server_errors(self) -> int:
        return sum(n for key, n in self.statuses.items() if int(key.split()[1]) >= 500)


@dataclass(frozen=True)
class Person:
    email: str
    password: str
    assessment_id: int
    sections: tuple[str, ...]


def prepare(url: str, tmp: Path) -> tuple[dict[str, str], list[Person]]:
    """Demo data, five organisations' assessments made editable, four people each."""
    from rcapp import create_app, db
    from rcapp.accounts import services as accounts
    from rcapp.accounts.models import OrgRole, User
    from rcapp.assessments import services
    from rcapp.assessments.queries import rubric_of
    from rcapp.cycles.models import ReportingCycle
    from rcapp.organisations.models import Organisation, OrganisationKind
    from tests.bench.bench_pages import _rcapp

    env = {
        "RCAPP_DATABASE_URL": url,
        "RCAPP_SECRET_KEY": "bench-only-secret",
        "RCAPP_UPLOAD_DIR": str(tmp / "uploads"),
    }
    _rcapp(env, "demo")
    app = create_app({"DATABASE_URL": url, "UPLOAD_DIR": env["RCAPP_UPLOAD_DIR"]})
    people: list[Person] = []
    with app.app_context():
        session = db.session()
        secretariat = session.query(User).filter_by(email=SECRETARIAT).one()
        cycle = session.query(ReportingCycle).order_by(ReportingCycle.year.desc()).first()
        assert cycle is not None  # noqa: S101 -- the demo always has cycles
        companies = (
            session.query(Organisation)
            .filter_by(kind=OrganisationKind.COMPANY)
            .order_by(Organisation.id)
            .limit(ORGANISATIONS)
            .all()
        )
        for org in companies:
            assessment = services.get_or_start_assessment(org, cycle, secretariat)
            if not assessment.is_editable:
                services.return_assessment(assessment, "基准测试：继续修改", secretariat)
            sections = tuple(s.id for s in rubric_of(assessment).sections)
            for n in range(PEOPLE_PER_ORG):
                email = f"bench{org.id}-{n}@bench.example.cn"
                password = "Bench-" + secrets.token_urlsafe(12)
                user = accounts.create_user(email, f"基准用户{org.id}-{n}", password=password)
                accounts.add_membership(user, org.id, OrgRole.MEMBER)
                people.append(Person(email, password, assessment.id, sections))
        session.commit()
    return env, people


class Run:
    def __init__(self, base: str, people: list[Person], url: str, seconds: int) -> None:
        self.base = base
        self.people = people
        self.seconds = seconds
        self.tally = Tally()
        self.deadline = time.monotonic() + 3600  # set by start(), once everyone is logged in
        self.markers = itertools.count()
        self.engine = create_engine(url, connect_args={"timeout": 30} if "sqlite" in url else {})

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def person(self, person: Person, browser: Browser, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 -- load simulation, not security
        while time.monotonic() < self.deadline:
            roll = rng.random()
            if roll < 0.75:
                self.save(browser, person, rng)
            elif roll < 0.9:
                self.upload(browser, person, rng)
            else:
                self.submit(browser, person)

    def _section(self, browser: Browser, person: Person, rng: random.Random) -> tuple[str, str]:
        path = f"/assessments/{person.assessment_id}/sections/{rng.choice(person.sections)}"
        status, html = browser.get(path)
        self.tally.count("open", status)
        return path, html if status == 200 else ""

    def save(self, browser: Browser, person: Person, rng: random.Random) -> None:
        path, html = self._section(browser, person, rng)
        form = form_of(html)
        items = [name.removesuffix("__level") for name in form.radios if name.endswith("__level")]
        if not items:
            return
        item = rng.choice(items)
        marker = f"bench-{next(self.markers)}"
        fields = dict(form.fields)
        fields[f"{item}__level"] = rng.choice(form.radios[f"{item}__level"])
        fields[f"{item}__comment"] = marker
        fields.pop(f"{item}__na", None)
        time.sleep(rng.uniform(0.1, 1.0))  # the person edits for a moment
        sent = time.monotonic()
        status, _ = browser.post(path, fields)
        self.tally.count("save", status)
        if status == 200:
            with self.tally.lock:
                self.tally.saves.append(
                    Save(person.assessment_id, item, marker, sent, time.monotonic())
                )

    def upload(self, browser: Browser, person: Person, rng: random.Random) -> None:
        _, html = self._section(browser, person, rng)
        form = form_of(html)
        items = [name.removesuffix("__level") for name in form.radios if name.endswith("__level")]
        if not items:
            return
        path = f"/assessments/{person.assessment_id}/items/{rng.choice(items)}/evidence"
        token = form.fields.get("csrf_token", "")
        status, _ = browser.post(path, {"csrf_token": token}, {"file": ("记录.pdf", PDF)})
        self.tally.count("upload", status)

    def submit(self, browser: Browser, person: Person) -> None:
        status, html = browser.get(f"/assessments/{person.assessment_id}")
        self.tally.count("overview", status)
        token = form_of(html).fields.get("csrf_token", "")
        status, _ = browser.post(
            f"/assessments/{person.assessment_id}/submit", {"csrf_token": token}
        )
        self.tally.count("submit", status)

    def secretariat(self, browser: Browser) -> None:
        ids = sorted({p.assessment_id for p in self.people})
        while time.monotonic() < self.deadline:
            time.sleep(2)
            for assessment_id in ids:
                status, html = browser.get(f"/assessments/{assessment_id}")
                self.tally.count("overview", status)
                if "/return" not in html:
                    continue
                token = form_of(html).fields.get("csrf_token", "")
                status, _ = browser.post(
                    f"/assessments/{assessment_id}/return",
                    {"csrf_token": token, "comment": "基准测试：请继续修改"},
                )
                self.tally.count("return", status)

    def sampler(self) -> None:
        ids = sorted({p.assessment_id for p in self.people})
        while time.monotonic() < self.deadline + 2:
            self.check(ids)
            time.sleep(0.5)

    def check(self, ids: list[int]) -> None:
        """Find items whose comment went back to a marker older than a newer save."""
        started = time.monotonic()
        with self.tally.lock:
            saves = [s for s in self.tally.saves if s.acked < started]
        by_marker = {s.marker: s for s in saves}
        latest: dict[tuple[int, str], Save] = {}
        for save in saves:
            key = (save.assessment_id, save.item_id)
            if key not in latest or save.acked > latest[key].acked:
                latest[key] = save
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT assessment_id, item_id, comment FROM answers"
                    " WHERE comment LIKE 'bench-%'"
                )
            ).all()
        current = {(r.assessment_id, r.item_id): r.comment for r in rows if r.assessment_id in ids}
        for key, newest in latest.items():
            shown = current.get(key)
            if shown == newest.marker:
                continue
            older = by_marker.get(shown or "")
            stale = shown is None or (older is not None and older.acked < newest.sent)
            if stale:
                with self.tally.lock:
                    self.tally.lost.add((*key, newest.marker))


def measure(backend: str, url: str, seconds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="rcapp-bench-conc-") as tmp:
        env, people = prepare(url, Path(tmp))
        log = Path(tmp) / "gunicorn.log"
        with gunicorn("wsgi:app", env, workers=4, threads=1, log=log) as base:
            run = Run(base, people, url, seconds)
            browsers = [Browser(base) for _ in people]
            for person, browser in zip(people, browsers, strict=True):
                browser.login(person.email, person.password)
            office = Browser(base)
            office.login(SECRETARIAT, DEMO_PASSWORD)
            threads = [
                threading.Thread(target=run.person, args=(person, browser, n), daemon=True)
                for n, (person, browser) in enumerate(zip(people, browsers, strict=True))
            ]
            threads += [
                threading.Thread(target=run.secretariat, args=(office,), daemon=True),
                threading.Thread(target=run.sampler, daemon=True),
            ]
            run.start()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 120)
        run.engine.dispose()
        server_log = log.read_text(encoding="utf-8", errors="replace")
        tracebacks = server_log.count("Traceback")
        timeouts = server_log.count("WORKER TIMEOUT")
        crashes = server_log.count("Fatal Python error")
        worker_lines = [
            line
            for line in server_log.splitlines()
            if any(mark in line for mark in ("[WARNING]", "[ERROR]", "[CRITICAL]"))
            or "disconnect" in line.lower()
        ]
        first = _first_error(log)
    tally = run.tally
    load_note()
    note(f"{backend}: " + ", ".join(f"{k}: {n}" for k, n in sorted(tally.statuses.items())))
    if tracebacks:
        note(f"{backend}: {tracebacks} tracebacks in the server log; the first: {first}")
    if timeouts:
        note(f"{backend}: {timeouts} worker timeouts (gunicorn killed a stuck worker)")
    if crashes:
        # A worker killed by a signal drops the connection it was serving without a word.
        note(f"{backend}: {crashes} workers crashed; the first in: {_first_crash(server_log)}")
    for line in worker_lines[:12]:
        note(f"{backend}: gunicorn: {line}")
    verdict = "met" if tally.server_errors == 0 else "MISSED"
    print(f"concurrency/{backend} server errors: {tally.server_errors} (target 0) {verdict}")
    verdict = "met" if not tally.lost else "MISSED"
    print(
        f"concurrency/{backend} lost updates: {len(tally.lost)} of {len(tally.saves)} saves"
        f" (target 0) {verdict}",
        flush=True,
    )


def _first_crash(server_log: str) -> str:
    """Where the first crashed worker was, as faulthandler wrote it (innermost frames first)."""
    block = server_log.split("Fatal Python error", 1)[1].splitlines()
    frames = [line.strip() for line in block if line.strip().startswith(("File ", "Garbage"))]
    return " < ".join(frames[:3])[:300]


def _first_error(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [line for line in lines if "Error" in line and not line.startswith(" ")]
    return errors[0][:200] if errors else ""


def main() -> int:
    args = arguments(__doc__ or "", ("--seconds", {"type": int, "default": 60}))
    with tempfile.TemporaryDirectory(prefix="rcapp-bench-") as tmp:
        urls = {"sqlite": f"sqlite:///{Path(tmp) / 'concurrency.sqlite3'}"}
        if not args.sqlite_only:
            urls["postgresql"] = pg_url()
        for backend, url in urls.items():
            measure(backend, fresh_database(url), args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
