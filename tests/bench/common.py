"""What every benchmark shares: arguments, timing, the figure lines, databases, the machine.

A benchmark prints one line per figure: what was measured, the baseline measured in the
same run, the ratio between them and the target, e.g.

    rating/sqlite/1000 orgs: 1.92 s | baseline 0.05 s | ratio 38.4 (target <= 2) MISSED

Missing a target is reported, not an error: the exit status is non-zero only when a
benchmark could not run at all.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import create_engine, make_url

from rcapp.dbcli import upgrade_database

PG_URL_ENV = "RCAPP_BENCH_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://rcapp:rcapp@127.0.0.1:5432/rcapp_bench"


def arguments(description: str, *extra: tuple[str, dict[str, object]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--large", action="store_true", help="the 26,000-organisation size")
    parser.add_argument(
        "--sqlite-only", action="store_true", help="skip PostgreSQL (when no server is at hand)"
    )
    for flag, options in extra:
        parser.add_argument(flag, **options)  # type: ignore[arg-type]
    return parser.parse_args()


@dataclass(frozen=True)
class Figure:
    """One measured figure against its baseline; `higher` when a bigger value is better."""

    name: str
    value: float
    baseline: float
    unit: str
    target: float
    higher: bool = False

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool:
        return self.ratio >= self.target if self.higher else self.ratio <= self.target

    def line(self) -> str:
        sign = ">=" if self.higher else "<="
        verdict = "met" if self.met else "MISSED"
        return (
            f"{self.name}: {self.value:.3f} {self.unit} | baseline {self.baseline:.3f} {self.unit}"
            f" | ratio {ratio_text(self.ratio, self.target, self.higher)} (target {sign}"
            f" {self.target:g}) {verdict}"
        )


def ratio_text(ratio: float, target: float, higher: bool) -> str:
    """Two decimals, or as many more as it takes for the text to agree with the verdict.

    A ratio of 0.4995 against a target of at least 0.5 must not read "0.50 ... MISSED".
    """
    met = ratio >= target if higher else ratio <= target
    for places in range(2, 7):
        text = f"{ratio:.{places}f}"
        shown = float(text)
        if met == (shown >= target if higher else shown <= target):
            return text
    return repr(ratio)


def show(figure: Figure) -> Figure:
    print(figure.line(), flush=True)
    return figure


def note(text: str) -> None:
    """A line of context (sizes, set-up times): prefixed so it is not read as a figure."""
    print(f"  # {text}", flush=True)


def load_note() -> None:
    """Say how busy the machine was: absolute times stretch with it, ratios much less."""
    one, five, _ = os.getloadavg()
    note(f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")


def best_of(action: Callable[[], object], runs: int = 3) -> float:
    """The fastest of `runs` timed calls, in seconds (the least disturbed by neighbours)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pg_url() -> str:
    return os.environ.get(PG_URL_ENV, DEFAULT_PG_URL)


def fresh_database(url: str) -> str:
    """Empty the benchmark database and migrate it; refuse a database not named for benches."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if "bench" not in (parsed.database or ""):
            raise SystemExit(f"refusing to empty {parsed.database!r}: not a benchmark database")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    elif parsed.database and os.path.exists(parsed.database):
        os.remove(parsed.database)
    upgrade_database(url)
    return url


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
        memory = f", {kib // 1024**2} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}"
    )
