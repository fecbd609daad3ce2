"""Write many rows of a frozen benchmark table: COPY on PostgreSQL, a plain executemany elsewhere.

A cycle's recomputation writes a row per member and a row per group and metric. psycopg
sends an executemany as one statement per row, and binding Python lists as arrays
escapes every quote of a JSON text with a regular expression; COPY streams the rows
(about 10x faster at 1,000 members, docs/performance.md). On SQLite the rows go to the
driver's own executemany as plain tuples: through SQLAlchemy's executemany each row's
parameters were built again from the compiled statement, most of the time of the
writes. Each value goes through its column type's own bind conversion first, so the
stored value is the one an INSERT through SQLAlchemy would store (the conversion of the
type as this database implements it, `dialect_impl`, as SQLAlchemy's own statements use).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def insert_rows(
    conn: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows (values in the order of the column `names`) into `table`."""
    if not rows:
        return
    dialect = conn.dialect
    binds = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    bound = [
        [value if bind is None else bind(value) for value, bind in zip(row, binds, strict=True)]
        for row in rows
    ]
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if conn.dialect.name == "postgresql":
        _copy(conn, f"COPY {quote(table.name)} ({columns}) FROM STDIN", bound)
        return
    marker = _MARKERS.get(conn.dialect.paramstyle)
    if marker is None:  # pragma: no cover - SQLite and PostgreSQL are the supported databases
        conn.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    markers = ", ".join(marker for _ in names)
    statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({markers})"  # noqa: S608 -- our own names
    conn.exec_driver_sql(statement, [tuple(row) for row in bound])


def _copy(conn: Connection, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no driver connection to COPY through")
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
