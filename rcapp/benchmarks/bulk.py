"""Write many rows of a frozen benchmark table: COPY on PostgreSQL, executemany elsewhere.

A cycle's recomputation writes a row per member and a row per group and metric. psycopg
sends an executemany as one statement per row, and binding Python lists as arrays
escapes every quote of a JSON text with a regular expression; COPY streams the rows
(about 10x faster at 1,000 members, docs/performance.md). Each value goes through its
column type's own bind conversion first, so the stored value is the one an INSERT
through SQLAlchemy would store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (column name → value, every row the same columns) into `table`."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    binds = [table.c[name].type.bind_processor(conn.dialect) for name in names]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no driver connection to COPY through")
    statement = f"COPY {table.name} ({quoted}) FROM STDIN"  # noqa: S608 -- our own names
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    row[name] if bind is None else bind(row[name])
                    for name, bind in zip(names, binds, strict=True)
                ]
            )
