"""The recognitions migration: an assessment's verification and good-practice case, one of
each standing (a withdrawn one kept beside it), gone with the assessment; the downgrade
drops both tables and leaves the rest."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.migration_world import (
    DAY,
    NOW,
    add_assessment,
    add_cycle,
    add_organisation,
    check_migration,
)

BEFORE = "d7b3e5a1c9f2"
AFTER = "e8f23b3b8ee6"
_INSERT = sa.text(
    "INSERT INTO assessment_recognitions (assessment_id, kind, on_date, note, recorded_at,"
    " withdrawn_at, version) VALUES (1, 'verification', :day, '', :now, :gone, 1)"
).bindparams(NOW, sa.bindparam("gone", type_=sa.DateTime()))


def _rows(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_organisation(conn)
        add_cycle(conn)
        add_assessment(conn, 1, DAY)


def _upgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        flags = conn.execute(
            sa.text("SELECT is_verified, has_good_practice_case FROM assessments")
        ).one()
    assert tuple(map(bool, flags)) == (False, False)  # nothing recorded for the existing ones
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        values = {"day": "2026-01-01", "now": DAY}
        conn.execute(_INSERT, {**values, "gone": DAY})  # withdrawn
        conn.execute(_INSERT, {**values, "gone": None})  # standing
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(_INSERT, {**values, "gone": None})  # a second standing one
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.execute(sa.text("DELETE FROM assessments WHERE id = 1"))
        left = conn.execute(sa.text("SELECT count(*) FROM assessment_recognitions")).scalar_one()
    assert left == 0


def _downgraded(engine: sa.Engine) -> None:
    tables = sa.inspect(engine).get_table_names()
    assert "assessment_recognitions" not in tables
    assert "assessment_recognition_files" not in tables
    columns = {c["name"] for c in sa.inspect(engine).get_columns("assessments")}
    assert not columns & {"is_verified", "has_good_practice_case"}
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM reporting_cycles")).scalar_one() == 1


def test_one_standing_recognition_of_a_kind_gone_with_its_assessment(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
