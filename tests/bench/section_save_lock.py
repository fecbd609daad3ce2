"""Where a section save's time goes, and how long it holds SQLite's write lock (qa41 S4).

Run with the tree to measure on PYTHONPATH, against a copy of the demo database
(RCAPP_DATABASE_URL, RCAPP_SECRET_KEY and RCAPP_UPLOAD_DIR set as for `rcapp demo`):

    python -m tests.bench.section_save_lock [--rounds 30] [--profile]

Saves a section of the open year's drafts (linhai-chlor's C1, ludong-fert's MS), one note
changed each round, in-process through the test client (as a browser posts the page: every
field). Prints per save the median wall time of the request, of the time a transaction
begun with BEGIN IMMEDIATE was open (the write lock held) and the statements run inside and
outside it; `--profile` adds the functions taking the most time with the lock held.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pstats
import re
import statistics
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from rcapp import create_app
from rcapp.db import ENGINE_KEY

PASSWORD = "rcapp-demo-2025"
PAGES = (
    ("linhai-chlor.admin@demo.example.cn", 17, "C1"),
    ("ludong-fert.admin@demo.example.cn", 18, "MS"),
)
# Six people saving at once (qa41 S4), each in a process of their own as a server's
# workers (threads of one process share one interpreter lock): four of the demo's editors,
# two of them in two tabs.
PARALLEL = (
    *PAGES,
    ("linhai-chlor.hse@demo.example.cn", 17, "C3"),
    ("weibei-petro.admin@demo.example.cn", 16, "MS"),
    ("linhai-chlor.admin@demo.example.cn", 17, "C6"),
    ("ludong-fert.admin@demo.example.cn", 18, "C1"),
)


class _Form(HTMLParser):
    """The page's form that holds the section's items, as a browser would post it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "disabled" in found:
            return
        elif tag == "textarea":
            self._textarea, self._text = found.get("name"), ""
        elif tag == "select":
            self._select = found.get("name")
        elif tag == "option" and self._select and "selected" in found:
            self.forms[-1].append((self._select, found.get("value", "")))
        elif tag == "input" and "name" in found:
            kind = found.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in found:
                return
            if kind not in ("submit", "file", "button"):
                self.forms[-1].append((found["name"], found.get("value", "on")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea:
            self.forms[-1].append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def _form(page: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(page)
    return max(parser.forms, key=len)


@dataclass
class _Timer:
    """Statements and the time each transaction begun with BEGIN IMMEDIATE stays open."""

    held: float = 0.0
    began: float | None = None
    inside: int = 0
    outside: int = 0
    profiler: cProfile.Profile | None = None
    samples: list[tuple[float, int, int]] = field(default_factory=list)

    def listen(self, app: Flask) -> None:
        engine = app.extensions[ENGINE_KEY]
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)
        event.listen(engine, "before_cursor_execute", self._statement)

    def _begin(self, connection: Any) -> None:
        if not connection.info.get("rcapp_deferred"):
            self.began = time.perf_counter()
            if self.profiler is not None:
                self.profiler.enable()

    def _end(self, _connection: Any) -> None:
        if self.began is not None:
            if self.profiler is not None:
                self.profiler.disable()
            self.held += time.perf_counter() - self.began
            self.began = None

    def _statement(self, *_args: Any) -> None:
        if self.began is not None:
            self.inside += 1
        else:
            self.outside += 1


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": found.group(1) if found else ""},
    )
    assert answer.status_code == 302, (email, answer.status_code)
    return client


def _save(client: FlaskClient, url: str, turn: int, timer: _Timer) -> float:
    fields = _form(client.get(url).get_data(as_text=True))
    notes = [i for i, (name, _value) in enumerate(fields) if name.endswith("evidence_note")]
    if notes:
        name, _value = fields[notes[0]]
        fields[notes[0]] = (name, f"性能测量 第 {turn} 轮")
    timer.held, timer.inside, timer.outside = 0.0, 0, 0
    started = time.perf_counter()
    answer = client.post(url, data=MultiDict(fields))
    wall = time.perf_counter() - started
    assert answer.status_code in (200, 302), (url, answer.status_code)  # 200: saved, with hints
    timer.samples.append((timer.held, timer.inside, timer.outside))
    return wall


def _saver(job: tuple[str, int, str, int]) -> list[float]:
    """One person in a process of their own (as a server's workers): `rounds` saves."""
    email, assessment_id, section, rounds = job
    app = create_app()
    client = _login(app, email)
    url = f"/assessments/{assessment_id}/sections/{section}"
    _save(client, url, 0, _Timer())  # warm
    _START.wait()
    return [_save(client, url, turn, _Timer()) for turn in range(rounds)]


_START = multiprocessing.Barrier(len(PARALLEL))


def _parallel(rounds: int) -> None:
    """Six processes save their page `rounds` times each, all starting at once."""
    jobs = [(email, a, s, rounds) for email, a, s in PARALLEL]
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        walls = sorted(wall for found in pool.map(_saver, jobs) for wall in found)
    print(
        f"{len(jobs)} savers x {rounds}: save median {statistics.median(walls) * 1000:.0f} ms,"
        f" 90th percentile {walls[int(len(walls) * 0.9)] * 1000:.0f} ms (wall, GET excluded)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--parallel", action="store_true", help="six savers at once")
    args = parser.parse_args()
    if args.parallel:
        _parallel(args.rounds)
        return
    app = create_app()
    timer = _Timer()
    timer.listen(app)
    for email, assessment_id, section in PAGES:
        client = _login(app, email)
        url = f"/assessments/{assessment_id}/sections/{section}"
        for turn in range(3):  # warm: rubric, templates, caches
            _save(client, url, turn, timer)
        timer.samples.clear()
        timer.profiler = cProfile.Profile() if args.profile else None
        cpu = time.process_time()
        walls = [_save(client, url, turn, timer) for turn in range(args.rounds)]
        cpu = (time.process_time() - cpu) / args.rounds
        held = statistics.median(s[0] for s in timer.samples)
        inside = statistics.median(s[1] for s in timer.samples)
        outside = statistics.median(s[2] for s in timer.samples)
        print(
            f"{url}: save {statistics.median(walls) * 1000:.0f} ms wall (median), "
            f"{cpu * 1000:.0f} ms CPU (mean, GET of the page included); write lock held "
            f"{held * 1000:.0f} ms, {inside:.0f} statements inside, {outside:.0f} outside"
        )
        if timer.profiler is not None:
            stats = pstats.Stats(timer.profiler)
            stats.sort_stats("cumulative").print_stats(45)
            timer.profiler = None


if __name__ == "__main__":
    main()
