"""The copied-from-year migration: answers get the column (NULL: typed), and it goes again."""

from __future__ import annotations

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "d6e8a0c2b4f6"
AFTER = "e7f9b1d3c5a7"


def _columns(engine: sa.Engine) -> dict[str, bool]:
    with engine.connect() as conn:
        return {
            str(c["name"]): bool(c["nullable"]) for c in sa.inspect(conn).get_columns("answers")
        }


def test_answers_get_a_nullable_copied_from_year_and_the_downgrade_drops_it(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    assert "copied_from_year" not in _columns(engine)
    command.upgrade(alembic_config(database), AFTER)
    assert _columns(engine)["copied_from_year"] is True
    command.downgrade(alembic_config(database), BEFORE)
    assert "copied_from_year" not in _columns(engine)
    engine.dispose()
