"""The snapshot migration: frozen results are copied as stored, submitted ones scored once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring import (
    Answer,
    AssessmentInputs,
    Scorecard,
    ScoringContext,
    codec,
    score_assessment,
)
from tests.conftest import TEST_RUBRICS_DIR
from tests.migration_world import add_organisation, check_migration, in_one_transaction

BEFORE = "b337f09f9263"
SNAPSHOTS = "50dddc8fd23d"
MINI_SHA256 = hashlib.sha256(
    (TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").read_bytes()
).hexdigest()
CLOSED_AT = dt.datetime(2025, 4, 1, 8, 30, tzinfo=dt.UTC)


def _old_plain(value: Any) -> Any:
    """The serialiser that wrote assessments.frozen_result before snapshots existed."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _old_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return _old_plain(value.model_dump())
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _old_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_old_plain(item) for item in value]
    return value


def _frozen_card() -> Scorecard:
    rubric = RubricRegistry(TEST_RUBRICS_DIR).get("mini-company", 1).rubric
    inputs = AssessmentInputs(
        year=2024,
        answers={"MS.G1.1": Answer(level=3, evidence=("letter",)), "C1.E1.1": Answer(level=2)},
        prerequisites_met=frozenset({"P1"}),
    )
    return score_assessment(rubric, inputs, ScoringContext(assessment_date=dt.date(2025, 3, 1)))


# Typed, so the dialect writes the dates (sqlite3's own date adapters are deprecated).
def _TIME(name: str) -> sa.BindParameter[dt.datetime]:  # noqa: N802 - reads as a type
    return sa.bindparam(name, type_=sa.DateTime())


def _DATE(name: str) -> sa.BindParameter[dt.date]:  # noqa: N802 - as above
    return sa.bindparam(name, type_=sa.Date())


_NOW = _TIME("now")


def _rows(conn: sa.Connection, card: Scorecard) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    for org_id in (1, 2):
        add_organisation(conn, org_id, now)
    for cycle_id, year, status, closed in ((1, 2024, "closed", CLOSED_AT), (2, 2025, "open", None)):
        conn.execute(
            sa.text(
                "INSERT INTO reporting_cycles (id, year, company_rubric_id, company_rubric_version,"
                " park_rubric_id, park_rubric_version, deadline, status, created_at, closed_at)"
                " VALUES (:id, :year, 'mini-company', 1, 'mini-company', 1, :deadline, :status,"
                " :now, :closed)"
            ).bindparams(_NOW, _DATE("deadline"), _TIME("closed")),
            {
                "id": cycle_id,
                "year": year,
                "deadline": dt.date(year + 1, 3, 31),
                "status": status,
                "now": now,
                "closed": None if closed is None else closed.replace(tzinfo=None),
            },
        )
    old = {"assessment_id": 1, "rubric": {"id": "mini-company"}, "scorecard": _old_plain(card)}
    assessments = (
        (1, 1, MINI_SHA256, json.dumps(old, ensure_ascii=False, sort_keys=True)),
        (2, 2, MINI_SHA256, None),  # submitted in the open year: scored by the migration
        (3, 2, "0" * 64, None),  # its rubric file changed since: skipped, not fatal
    )
    for assessment_id, cycle_id, sha, frozen in assessments:
        conn.execute(
            sa.text(
                "INSERT INTO assessments (id, organisation_id, cycle_id, rubric_id, rubric_version,"
                " rubric_sha256, status, created_at, updated_at, submitted_at, frozen_result)"
                " VALUES (:id, :org, :cycle, 'mini-company', 1, :sha, 'submitted', :now, :now,"
                " :now, :frozen)"
            ).bindparams(_NOW),
            {
                "id": assessment_id,
                "org": 2 if assessment_id == 3 else 1,
                "cycle": cycle_id,
                "sha": sha,
                "now": now,
                "frozen": frozen,
            },
        )
    conn.execute(
        sa.text(
            "INSERT INTO answers (assessment_id, item_id, level, is_na, updated_at)"
            " VALUES (2, 'C1.E1.1', 4, :no, :now), (2, 'P1', 1, :no, :now)"
        ).bindparams(_NOW),
        {"now": now, "no": False},
    )


def _upgraded(engine: sa.Engine, card: Scorecard) -> None:
    """Frozen results are copied as stored; submitted ones are scored once."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT assessment_id, kind, computed_at, scorecard, stars, overall_score,"
                " review_context FROM scorecard_snapshots ORDER BY assessment_id, kind"
            )
        ).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("assessments")}
    assert [(r.assessment_id, r.kind) for r in rows] == [(1, "frozen"), (1, "self"), (2, "self")]
    frozen = next(r for r in rows if r.kind == "frozen")
    assert codec.decode(json.loads(frozen.scorecard)) == card  # copied, not recomputed
    assert frozen.stars == card.rating.stars
    assert Decimal(str(frozen.overall_score)) == card.overall
    assert str(frozen.computed_at).startswith("2025-04-01 08:30")
    assert json.loads(frozen.review_context)["peer_reviewers"] == 0
    scored = codec.decode(json.loads(next(r for r in rows if r.assessment_id == 2).scorecard))
    assert scored.item("C1.E1.1").claimed_level == 4
    assert scored.rubric_key == "mini-company@1"
    assert "frozen_result" not in columns


def _downgraded(engine: sa.Engine, card: Scorecard) -> None:
    """The frozen results are put back."""
    with engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT frozen_result FROM assessments WHERE id = 1")
        ).scalar()
    assert stored is not None
    restored = {"codec_version": 1, "scorecard": json.loads(stored)["scorecard"]}
    assert codec.decode(restored) == card


def test_frozen_results_move_into_snapshots_and_the_downgrade_puts_them_back(
    database: str,
) -> None:
    card = _frozen_card()
    check_migration(
        database,
        BEFORE,
        SNAPSHOTS,
        rows=in_one_transaction(lambda conn: _rows(conn, card)),
        upgraded=lambda engine: _upgraded(engine, card),
        downgraded=lambda engine: _downgraded(engine, card),
    )
