"""Rate a whole cycle (scores and stars for every submitted assessment), set-based.

Baseline: one SQL aggregate over the same answers table,
`SELECT assessment_id, avg(level) ... GROUP BY assessment_id` for the cycle's submitted
assessments. Target: the rating takes at most twice as long, on SQLite and PostgreSQL.
1,000 generated organisations (26,000 with --large) with about 200 answers each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Connection, create_engine, text

from rcapp.assessments.cycle_rating import cycle_facts, rate_cycle
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring.cycle import rate
from tests.bench.common import (
    Figure,
    arguments,
    best_of,
    fresh_database,
    load_note,
    note,
    pg_url,
    show,
)
from tests.bench.generate import REPO_RUBRICS, generate

TARGET = 2.0
BASELINE_SQL = text(
    "SELECT a.assessment_id, avg(a.level) FROM answers a"
    " JOIN assessments s ON s.id = a.assessment_id"
    " WHERE s.cycle_id = :c AND s.status = 'submitted' GROUP BY a.assessment_id"
)


def main() -> int:
    args = arguments(__doc__ or "")
    size = 26_000 if args.large else 1_000
    registry = RubricRegistry(REPO_RUBRICS)

    def rubric_for(rubric_id: str, version: int, sha256: str) -> Rubric:
        return registry.get(rubric_id, version, sha256).rubric

    with tempfile.TemporaryDirectory(prefix="rcapp-bench-") as tmp:
        urls = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        if not args.sqlite_only:
            urls["postgresql"] = pg_url()
        for backend, url in urls.items():
            measure(backend, fresh_database(url), size, rubric_for)
    return 0


def measure(backend: str, url: str, size: int, rubric_for: object) -> Figure:
    engine = create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        made = generate(conn, size)
    note(
        f"{backend}: generated {made.organisations} organisations, {made.submitted} submitted,"
        f" {made.answers} answers in {time.perf_counter() - started:.1f} s"
    )
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    with engine.connect() as conn:
        rate_cycle(conn, made.cycle_id, rubric_for)  # type: ignore[arg-type] # warm caches
        baseline = best_of(lambda: _baseline(conn, made.cycle_id))
        rating = best_of(lambda: rate_cycle(conn, made.cycle_id, rubric_for), runs=2)  # type: ignore[arg-type]
        started = time.perf_counter()
        prepared = cycle_facts(conn, made.cycle_id, rubric_for)  # type: ignore[arg-type]
        fetched = time.perf_counter()
        for one in prepared:
            rate(one.plan, one.facts, one.context)
        note(
            f"{backend}: of which the set queries and fetching {fetched - started:.3f} s,"
            f" the Python pass (roll-up, KPI ladder, gates) {time.perf_counter() - fetched:.3f} s"
            f" for {len(prepared)} assessments"
        )
        conn.rollback()
    engine.dispose()
    load_note()
    return show(Figure(f"rating/{backend}/{size} orgs", rating, baseline, "s", TARGET))


def _baseline(conn: Connection, cycle_id: int) -> int:
    return len(conn.execute(BASELINE_SQL, {"c": cycle_id}).all())


if __name__ == "__main__":
    sys.exit(main())
