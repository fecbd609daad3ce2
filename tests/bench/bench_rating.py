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

from sqlalchemy import Connection, create_engine, select, text

from rcapp.assessments.cycle_rating import RubricLoader, cycle_facts
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
from tests.bench.generate import REPO_RUBRICS, generate, pinned_rubrics

TARGET = 2.0
BASELINE_SQL = text(
    "SELECT a.assessment_id, avg(a.level) FROM answers a"
    " JOIN assessments s ON s.id = a.assessment_id"
    " WHERE s.cycle_id = :c AND s.status = 'submitted' GROUP BY a.assessment_id"
)


def main() -> int:
    args = arguments(
        __doc__ or "",
        ("--backend", {"choices": ("sqlite", "postgresql"), "help": "only this database"}),
    )
    size = 26_000 if args.large else 1_000
    registry = RubricRegistry(REPO_RUBRICS)

    def rubric_for(rubric_id: str, version: int, sha256: str) -> Rubric:
        return registry.get(rubric_id, version, sha256).rubric

    with tempfile.TemporaryDirectory(prefix="rcapp-bench-") as tmp:
        urls = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        if not args.sqlite_only:
            urls["postgresql"] = pg_url()
        for backend, url in urls.items():
            if args.backend in (None, backend):
                measure(backend, fresh_database(url), size, rubric_for, runs=1 if args.large else 2)
    return 0


def measure(backend: str, url: str, size: int, rubric_for: RubricLoader, runs: int) -> Figure:
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
    for pinned in pinned_rubrics():  # parse the rubrics before timing, as a running app has
        rubric_for(pinned.rubric_id, pinned.version, pinned.sha256)
    with engine.connect() as conn:
        baseline = best_of(lambda: _baseline(conn, made.cycle_id))
        phases = min(_rate_in_phases(conn, made.cycle_id, rubric_for) for _ in range(runs))
        conn.rollback()
    engine.dispose()
    note(
        f"{backend}: of which the set queries, fetching and the KPI figures (computed in bulk)"
        f" {phases[1]:.3f} s, the Python pass"
        f" (roll-up, KPI ladder, gates) {phases[2]:.3f} s, for {made.submitted} assessments"
    )
    each = _engine_each(url, made.cycle_id)
    note(
        f"{backend}: for comparison, compute_scorecard one assessment at a time takes"
        f" {each * 1000:.1f} ms each (a sample of {ENGINE_SAMPLE}): {each * made.submitted:.1f} s"
        " for the cycle"
    )
    load_note()
    return show(Figure(f"rating/{backend}/{size} orgs", phases[0], baseline, "s", TARGET))


def _rate_in_phases(
    conn: Connection, cycle_id: int, rubric_for: RubricLoader
) -> tuple[float, float, float]:
    """Rate the cycle as rate_cycle does, timing both phases: (total, fetch, Python pass)."""
    started = time.perf_counter()
    prepared = cycle_facts(conn, cycle_id, rubric_for)
    fetched = time.perf_counter()
    ratings = {one.assessment_id: rate(one.plan, one.facts, one.context) for one in prepared}
    done = time.perf_counter()
    assert len(ratings) == len(prepared)  # noqa: S101 -- a sanity check, not a test
    return done - started, fetched - started, done - fetched


ENGINE_SAMPLE = 50


def _engine_each(url: str, cycle_id: int) -> float:
    """Seconds per assessment scored one at a time the usual way (rows loaded, engine run)."""
    from rcapp import create_app, db
    from rcapp.assessments.models import Assessment, AssessmentStatus
    from rcapp.assessments.results import compute_scorecard

    app = create_app({"DATABASE_URL": url, "RUBRICS_DIR": str(REPO_RUBRICS)})
    with app.app_context():
        session = db.session()
        ids = session.scalars(
            select(Assessment.id)
            .where(
                Assessment.cycle_id == cycle_id,
                Assessment.status == AssessmentStatus.SUBMITTED,
            )
            .limit(ENGINE_SAMPLE)
        ).all()
        compute_scorecard(session.get_one(Assessment, ids[0]))  # parse the rubric first
        session.expunge_all()
        started = time.perf_counter()
        for assessment_id in ids:
            compute_scorecard(session.get_one(Assessment, assessment_id))
        return (time.perf_counter() - started) / len(ids)


def _baseline(conn: Connection, cycle_id: int) -> int:
    return len(conn.execute(BASELINE_SQL, {"c": cycle_id}).all())


if __name__ == "__main__":
    sys.exit(main())
