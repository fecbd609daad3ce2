"""The copied-from-year migration: answers get the column (NULL: typed), and it goes again."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import check_migration, nullable

BEFORE = "d6e8a0c2b4f6"
AFTER = "e7f9b1d3c5a7"


def test_answers_get_a_nullable_copied_from_year_and_the_downgrade_drops_it(
    database: str,
) -> None:
    def absent(engine: sa.Engine) -> None:
        assert "copied_from_year" not in nullable(engine, "answers")

    def upgraded(engine: sa.Engine) -> None:
        assert nullable(engine, "answers")["copied_from_year"] is True

    check_migration(database, BEFORE, AFTER, rows=absent, upgraded=upgraded, downgraded=absent)
