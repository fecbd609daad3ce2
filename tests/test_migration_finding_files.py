"""The finding-files migration: a table of a finding's photos and files, which go with the
finding (ON DELETE CASCADE) and whose ids SQLite never reuses; the downgrade drops it."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import (
    DAY,
    NOW,
    add_assessment,
    add_cycle,
    add_organisation,
    check_migration,
    nullable,
)

BEFORE = "b8e4f1a6c2d9"
AFTER = "c4a9e2f7b1d8"


def _rows(engine: sa.Engine) -> None:
    """A review with one finding, recorded before files could be attached."""
    with engine.begin() as conn:
        add_organisation(conn)
        add_cycle(conn)
        add_assessment(conn, 1, DAY)
        conn.execute(
            sa.text(
                "INSERT INTO reviews (id, assessment_id, kind, status, created_at, sample_items,"
                " sample_kpis) VALUES (1, 1, 'onsite', 'in_review', :now, '[]', '[]')"
            ).bindparams(NOW),
            {"now": DAY},
        )
        conn.execute(
            sa.text(
                "INSERT INTO review_findings (id, review_id, kind, text, created_at)"
                " VALUES (1, 1, 'improvement', '切断阀未测试', :now)"
            ).bindparams(NOW),
            {"now": DAY},
        )


def _upgraded(engine: sa.Engine) -> None:
    assert not nullable(engine, "review_finding_files")["finding_id"]
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            made = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'review_finding_files'"
            ).scalar_one()
            assert "AUTOINCREMENT" in made
        conn.execute(
            sa.text(
                "INSERT INTO review_finding_files (finding_id, original_name, stored_name,"
                " content_type, size, sha256, uploaded_at) VALUES (1, '阀门.png', :stored,"
                " 'image/png', 10, :sha, :now)"
            ).bindparams(NOW),
            {"stored": "a" * 32, "sha": "b" * 64, "now": DAY},
        )
        conn.execute(sa.text("DELETE FROM review_findings WHERE id = 1"))
        left = conn.execute(sa.text("SELECT count(*) FROM review_finding_files")).scalar_one()
    assert left == 0  # the files went with their finding


def _downgraded(engine: sa.Engine) -> None:
    assert "review_finding_files" not in sa.inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM reviews")).scalar_one() == 1


def test_finding_files_go_with_their_finding(database: str) -> None:  # noqa: F811
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
