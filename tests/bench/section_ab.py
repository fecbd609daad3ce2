"""The section page in-process: its pages for comparing two trees, and its cost per request.

Run with the tree to measure first on PYTHONPATH, against a demo database
(RCAPP_DATABASE_URL, RCAPP_SECRET_KEY and RCAPP_UPLOAD_DIR set as for `rcapp demo`):

    python tests/bench/section_ab.py pages OUT_DIR    # the pages, CSRF tokens masked
    python tests/bench/section_ab.py cost [--profile]  # calls, statements, CPU per request

`pages` writes each section page of draft, submitted, returned, in-review, final and
closed-year assessments, zh and en, as several users, twice (the second from what was
kept); `diff -r` two such directories. `cost` measures the request `bench_pages` loads
(the open year's first submitted assessment, its largest section, as its admin): Python
calls and statements of one request, and CPU the minimum of five blocks of 50 requests.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import sys
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from rcapp import create_app
from rcapp.db import ENGINE_KEY
from tests.bench.bench_pages import benchmarked_page

PASSWORD = "rcapp-demo-2025"
_CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")|(csrf-token" content=")[^"]+(")')


def _login(app: Flask, email: str, lang: str) -> FlaskClient:
    client = app.test_client()
    with app.app_context():
        page = client.get("/login").get_data(as_text=True)
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        token = found.group(1) if found else ""
        answer = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 302, (email, answer.status_code)
        client.get(f"/lang/{lang}")
    return client


def _get(app: Flask, client: FlaskClient, url: str) -> tuple[int, str]:
    with app.app_context():
        answer = client.get(url)
    return answer.status_code, answer.get_data(as_text=True)


def _masked(page: str) -> str:
    def mask(found: re.Match[str]) -> str:
        return (found.group(1) or found.group(3)) + "MASKED" + (found.group(2) or found.group(4))

    return _CSRF.sub(mask, page)


def _target(app: Flask) -> tuple[int, str, str]:
    with app.app_context():
        engine = app.extensions[ENGINE_KEY]
        with engine.connect() as conn:
            return benchmarked_page(conn)


def pages(app: Flask, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        engine = app.extensions[ENGINE_KEY]
        with engine.connect() as conn:
            people = conn.execute(
                text(
                    "SELECT a.id, u.email FROM assessments a"
                    " JOIN memberships m ON m.organisation_id = a.organisation_id"
                    " JOIN users u ON u.id = m.user_id ORDER BY a.id, u.email"
                )
            ).all()
    wanted: dict[str, list[int]] = {"secretariat@demo.example.cn": []}
    for assessment_id, email in people:
        wanted.setdefault(email, []).append(assessment_id)
    wanted["secretariat@demo.example.cn"] = [4, 11, 12, 13, 16, 17]
    count = 0
    for email, ids in wanted.items():
        for lang in ("zh", "en"):
            client = _login(app, email, lang)
            for assessment_id in ids:
                for section in ("MS", "C1", "C6", "C3", "PK1"):
                    url = f"/assessments/{assessment_id}/sections/{section}"
                    for turn in (1, 2):
                        status, page = _get(app, client, url)
                        name = f"{email.split('@')[0]}-{lang}-{assessment_id}-{section}-{turn}"
                        (out / name).write_text(f"{status}\n{_masked(page)}")
                        count += 1
    print(f"{count} pages written to {out}")


def cost(app: Flask, profile: bool) -> None:
    assessment_id, section, email = _target(app)
    client = _login(app, email, "zh")
    url = f"/assessments/{assessment_id}/sections/{section}"
    for _ in range(20):
        status, _page = _get(app, client, url)
        assert status == 200, status
    seen: list[str] = []
    engine = app.extensions[ENGINE_KEY]
    listener = lambda *args: seen.append(str(args[2]))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    _get(app, client, url)
    event.remove(engine, "before_cursor_execute", listener)
    profiler = cProfile.Profile()
    profiler.enable()
    _get(app, client, url)
    profiler.disable()
    calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    blocks = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(50):
            _get(app, client, url)
        blocks.append((time.process_time() - started) / 50 * 1000)
    print(f"{url} as {email}: {calls} calls, {len(seen)} statements, {min(blocks):.2f} ms CPU")
    if profile:
        for statement in seen:
            print("  ", statement[:160].replace("\n", " "))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            _get(app, client, url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)


def main() -> None:
    app = create_app()
    if sys.argv[1] == "pages":
        pages(app, Path(sys.argv[2]))
    else:
        cost(app, "--profile" in sys.argv)


if __name__ == "__main__":
    main()
