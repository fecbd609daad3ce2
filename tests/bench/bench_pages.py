"""The section page and the result page under gunicorn (2 workers), driven by wrk.

Demo data on SQLite, measured after a warm-up. Baseline: a bare Flask app (`bare_app`
below, also under gunicorn with 2 workers) rendering the same answer rows with one query
and a plain template.
Targets: at least half the baseline's requests per second, and p95 under 100 ms.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from flask import Flask
from sqlalchemy import Connection, create_engine, text

from tests.bench.common import Figure, arguments, load_note, note, show
from tests.bench.server import Browser, Load, gunicorn, status_of, wrk

RPS_TARGET = 0.5
# Seconds of load before each measurement: every worker's first requests parse the rubric
# and compile templates (2-3 s each), which a long-running server has long done.
WARM_UP = 4
P95_LIMIT_MS = 100.0
DEMO_PASSWORD = "rcapp-demo-2025"  # rcapp.demo.world.DEMO_PASSWORD, published in the README

_ROWS = """<!doctype html><html><body><table>
{% for row in rows %}<tr><td>{{ row.item_id }}</td><td>{{ row.level }}</td>
<td>{{ row.value }}</td><td>{{ row.evidence_note or '' }}</td><td>{{ row.comment or '' }}</td></tr>
{% endfor %}</table></body></html>"""


def bare_app() -> Flask:
    """The baseline: one query for the answer rows, one small template (gunicorn factory)."""
    app = Flask("bare")
    engine = create_engine(os.environ["RCAPP_DATABASE_URL"])
    template = app.jinja_env.from_string(_ROWS)  # compiled once, as Flask caches file templates

    @app.get("/rows/<int:assessment_id>/<prefix>")
    def rows(assessment_id: int, prefix: str) -> str:
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT item_id, level, value, evidence_note, comment FROM answers"
                    " WHERE assessment_id = :a AND item_id LIKE :p ORDER BY item_id"
                ),
                {"a": assessment_id, "p": prefix.replace("_", "") + "%"},
            ).all()
        return template.render(rows=found)

    @app.get("/login")
    def ready() -> str:
        return "ok"

    return app


def _rcapp(env: dict[str, str], *args: str) -> None:
    code = "import sys; from rcapp.cli import main; sys.argv[0] = 'rcapp'; main()"
    subprocess.run(  # noqa: S603 -- our own interpreter and arguments
        [sys.executable, "-c", code, *args], env={**os.environ, **env}, check=True
    )


def _target(url: str) -> tuple[int, str, str, str]:
    """A submitted assessment of the open year, its largest section, its admin's e-mail."""
    engine = create_engine(url)
    with engine.connect() as conn:
        assessment_id, section, email = benchmarked_page(conn)
    engine.dispose()
    return assessment_id, section, email, f"{section}."


def benchmarked_page(conn: Connection) -> tuple[int, str, str]:
    """The benchmarked section page: (assessment id, section id, its admin's e-mail)."""
    row = conn.execute(
        text(
            "SELECT a.id, u.email FROM assessments a"
            " JOIN reporting_cycles c ON c.id = a.cycle_id"
            " JOIN memberships m ON m.organisation_id = a.organisation_id"
            " JOIN users u ON u.id = m.user_id"
            " WHERE a.status = 'submitted' AND c.status = 'open'"
            " AND u.email LIKE '%.admin@%' ORDER BY a.id LIMIT 1"
        )
    ).one()
    section = conn.execute(
        text(
            "SELECT substr(item_id, 1, instr(item_id, '.') - 1) AS s, count(*) AS n"
            " FROM answers WHERE assessment_id = :a AND instr(item_id, '.') > 0"
            " GROUP BY s ORDER BY n DESC LIMIT 1"
        ),
        {"a": row.id},
    ).one()
    return row.id, section.s, row.email


def _check(url: str, cookie: str) -> None:
    status = status_of(url, cookie)
    if status != 200:
        raise RuntimeError(f"{url} answered {status}, not 200: the load would measure nothing")


def main() -> int:
    args = arguments(__doc__ or "", ("--seconds", {"type": int, "default": 10}))
    with tempfile.TemporaryDirectory(prefix="rcapp-bench-pages-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'pages.sqlite3'}"
        env = {
            "RCAPP_DATABASE_URL": url,
            "RCAPP_SECRET_KEY": "bench-only-secret",
            "RCAPP_UPLOAD_DIR": str(Path(tmp) / "uploads"),
        }
        _rcapp(env, "db", "upgrade")
        _rcapp(env, "demo")
        assessment_id, section_id, email, prefix = _target(url)
        note(f"demo assessment {assessment_id}, section {section_id}, as {email}")
        pages = {
            "section": f"/assessments/{assessment_id}/sections/{section_id}",
            "result": f"/assessments/{assessment_id}/result",
        }
        bare = {
            "section": f"/rows/{assessment_id}/{prefix}",
            "result": f"/rows/{assessment_id}/_",
        }
        measured: dict[str, Load] = {}
        with gunicorn("tests.bench.bench_pages:bare_app()", env) as base:
            for name, path in bare.items():
                _check(base + path, "")
                wrk(base + path, WARM_UP)
                measured[f"bare {name}"] = wrk(base + path, args.seconds)
        with gunicorn("wsgi:app", env) as base:
            browser = Browser(base)
            browser.login(email, DEMO_PASSWORD)
            for name, path in pages.items():
                _check(base + path, browser.cookie_header())
                wrk(base + path, WARM_UP, browser.cookie_header())
                measured[name] = wrk(base + path, args.seconds, browser.cookie_header())
                _check(base + path, browser.cookie_header())  # still served, not redirected
    load_note()
    for name in pages:
        page, baseline = measured[name], measured[f"bare {name}"]
        note(
            f"{name}: {page.requests} requests, {page.errors} errors;"
            f" bare: {baseline.requests} requests, {baseline.errors} errors"
        )
        show(
            Figure(
                f"pages/{name} req/s",
                page.per_second,
                baseline.per_second,
                "req/s",
                RPS_TARGET,
                higher=True,
            )
        )
        verdict = "met" if page.p95_ms < P95_LIMIT_MS else "MISSED"
        print(
            f"pages/{name} p95: {page.p95_ms:.1f} ms | baseline {baseline.p95_ms:.1f} ms"
            f" | limit < {P95_LIMIT_MS:g} ms {verdict}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
