"""The one-open-appeal migration adds a partial unique index on appeals, and removes it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rcapp.dbcli import alembic_config
from tests.migration_world import check_migration

BEFORE = "e2a4c6b8d0f1"
AFTER = "f3b5d7e9a1c4"


def _unique_indexes(engine: sa.Engine) -> dict[str, list[str | None]]:
    with engine.connect() as conn:
        found = sa.inspect(conn).get_indexes("review_appeals")
    return {str(i["name"]): list(i["column_names"]) for i in found if i["unique"]}


def _absent(engine: sa.Engine) -> None:
    assert "uq_review_appeals_open" not in _unique_indexes(engine)


def _upgraded(engine: sa.Engine) -> None:
    assert _unique_indexes(engine)["uq_review_appeals_open"] == ["review_id"]


def test_the_open_appeal_index_comes_and_goes(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_absent, upgraded=_upgraded, downgraded=_absent)


def test_two_open_appeals_of_one_review_stop_the_upgrade_with_their_review(
    database: str,
) -> None:
    from alembic import command

    if not database.startswith("sqlite"):
        pytest.skip("rows without their review need SQLite's unenforced foreign keys")
    command.upgrade(alembic_config(database), BEFORE)
    plain = sa.create_engine(database)  # no foreign-key pragma: appeals of a review not stored
    with plain.begin() as conn:
        for review_id, status in ((7, "open"), (7, "open"), (8, "open"), (8, "dismissed")):
            conn.execute(
                sa.text(
                    "INSERT INTO review_appeals (review_id, reason, status, filed_at)"
                    " VALUES (:r, 'x', :s, CURRENT_TIMESTAMP)"
                ),
                {"r": review_id, "s": status},
            )
    plain.dispose()
    with pytest.raises(RuntimeError, match=r"reviews 7 each have more than one open appeal"):
        command.upgrade(alembic_config(database), AFTER)
