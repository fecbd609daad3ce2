"""Two computations of one cycle's benchmarks run one after the other, not interleaved.

On PostgreSQL the second's DELETE would miss the rows the first inserted and its INSERT would
break their unique constraints: the computation starts by locking the cycle's row (on SQLite
the writer's BEGIN IMMEDIATE serialises them already; FOR UPDATE is not rendered there).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.factories import make_cycle


def test_the_cycle_row_is_locked_before_anything_is_read(
    db_session: Session, connection: Connection
) -> None:
    cycle = make_cycle(year=2030)
    db_session.flush()
    seen: list[str] = []

    def executed(*args: Any) -> None:
        seen.append(" ".join(str(args[2]).split()))

    event.listen(connection, "before_cursor_execute", executed)
    try:
        compute_benchmarks(cycle, None)
    finally:
        event.remove(connection, "before_cursor_execute", executed)
    first = seen[0]
    assert first.startswith("SELECT reporting_cycles.id FROM reporting_cycles WHERE")
    assert first.endswith("FOR UPDATE") == (connection.dialect.name == "postgresql")
