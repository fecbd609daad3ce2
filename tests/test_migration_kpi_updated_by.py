"""The KPI-value-updated-by migration: KPI values get a nullable author, and it goes again."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import check_migration, nullable

BEFORE = "f1a3c5e7b9d2"
AFTER = "e8bf07b68a69"


def test_kpi_values_get_a_nullable_updated_by_and_the_downgrade_drops_it(
    database: str,
) -> None:
    def absent(engine: sa.Engine) -> None:
        assert "updated_by_id" not in nullable(engine, "kpi_values")

    def upgraded(engine: sa.Engine) -> None:
        assert nullable(engine, "kpi_values")["updated_by_id"] is True

    check_migration(database, BEFORE, AFTER, rows=absent, upgraded=upgraded, downgraded=absent)
