"""The attachments index migration: a page's files are read through it, and it goes again."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import check_migration

BEFORE = "c5d7f9a1b3e5"
AFTER = "d6e8a0c2b4f6"
INDEX = "ix_attachments_assessment_id_item_id"


def _indexes(engine: sa.Engine) -> dict[str, list[str | None]]:
    with engine.connect() as conn:
        found = sa.inspect(conn).get_indexes("attachments")
    return {str(index["name"]): list(index["column_names"]) for index in found}


def _absent(engine: sa.Engine) -> None:
    assert INDEX not in _indexes(engine)


def _upgraded(engine: sa.Engine) -> None:
    assert _indexes(engine)[INDEX] == ["assessment_id", "item_id"]
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM attachments"
                " WHERE assessment_id = 1 AND item_id IN ('C1.E1.1', 'C1.E1.2')"
            ).all()
        assert any(INDEX in str(row) for row in plan), plan


def test_the_index_covers_assessment_and_item_and_the_downgrade_drops_it(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_absent, upgraded=_upgraded, downgraded=_absent)
