"""The KPI-value-updated-by migration: KPI values get a nullable author, and it goes again."""

from __future__ import annotations

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "f1a3c5e7b9d2"
AFTER = "e8bf07b68a69"


def _columns(engine: sa.Engine) -> dict[str, bool]:
    with engine.connect() as conn:
        return {
            str(c["name"]): bool(c["nullable"]) for c in sa.inspect(conn).get_columns("kpi_values")
        }


def test_kpi_values_get_a_nullable_updated_by_and_the_downgrade_drops_it(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    assert "updated_by_id" not in _columns(engine)
    command.upgrade(alembic_config(database), AFTER)
    assert _columns(engine)["updated_by_id"] is True
    command.downgrade(alembic_config(database), BEFORE)
    assert "updated_by_id" not in _columns(engine)
    engine.dispose()
