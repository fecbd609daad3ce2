"""The appealed-snapshot migration: snapshots may be of kind appealed; the downgrade drops them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.migration_world import DAY, NOW, add_submitted_assessment, check_migration

BEFORE = "41f7aeff2ee3"
AFTER = "5601044d1e51"


def _rows(engine: sa.Engine) -> None:
    """A submitted assessment; an appealed snapshot refused before, a final one kept."""
    with engine.begin() as conn:
        add_submitted_assessment(conn)
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "appealed")
    _add(engine, "final")


def _add(engine: sa.Engine, kind: str) -> None:
    with engine.begin() as conn:
        snapshot = conn.execute(
            sa.text(
                "INSERT INTO scorecard_snapshots (assessment_id, kind, rubric_id,"
                " rubric_version, rubric_sha256, codec_version, computed_at, scorecard,"
                " review_context, overall_score, stars, rated) VALUES (1, :kind,"
                " 'mini-company', 1, 'x', 1, :now, '{}', '{}', 80, 3, true) RETURNING id"
            ).bindparams(NOW),
            {"kind": kind, "now": DAY},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO snapshot_section_scores (snapshot_id, section_id, score)"
                " VALUES (:id, 'MS', 80)"
            ),
            {"id": snapshot},
        )


def _kinds(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT kind FROM scorecard_snapshots ORDER BY id")))


def _scores(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.text("SELECT count(*) FROM snapshot_section_scores")) or 0)


def _upgraded(engine: sa.Engine) -> None:
    assert _scores(engine) == 1  # kept through SQLite's copy of the table
    _add(engine, "appealed")
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "no_such_kind")
    assert _kinds(engine) == ["final", "appealed"]


def _downgraded(engine: sa.Engine) -> None:
    assert _kinds(engine) == ["final"]
    assert _scores(engine) == 1
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, "appealed")


def test_appealed_snapshots_are_allowed_after_and_dropped_by_the_downgrade(
    database: str,
) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
