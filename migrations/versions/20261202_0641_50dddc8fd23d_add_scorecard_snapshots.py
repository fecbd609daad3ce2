"""add scorecard snapshots, move frozen results into them, drop assessments.frozen_result

Revision ID: 50dddc8fd23d
Revises: b337f09f9263
Create Date: 2026-12-02 06:41:41.936971

Data: every frozen_result becomes a `frozen` snapshot, copied as stored (the frozen
figures are the published ones and must not be recomputed; the old JSON's scorecard part
already has the codec's field shape). Every submitted assessment gets a `self` snapshot
computed from its locked answers with its pinned rubric; one whose rubric cannot be
loaded (file gone or edited) is skipped with a warning, as a self snapshot can be
rebuilt at any time while a frozen one cannot.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

import rcapp.db

revision = "50dddc8fd23d"
down_revision = "b337f09f9263"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")
NOT_REVIEWED = json.dumps({"onsite_review": False, "peer_reviewers": 0, "verified": False})
CODEC_VERSION = 1  # the codec version this migration writes
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))

snapshots = sa.table(
    "scorecard_snapshots",
    sa.column("assessment_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("rubric_id", sa.String()),
    sa.column("rubric_version", sa.Integer()),
    sa.column("rubric_sha256", sa.String()),
    sa.column("codec_version", sa.Integer()),
    sa.column("computed_at", rcapp.db.UTCDateTime()),
    sa.column("scorecard", sa.Text()),
    sa.column("review_context", sa.Text()),
    sa.column("overall_score", sa.Numeric(5, 1)),
    sa.column("stars", sa.Integer()),
    sa.column("rated", sa.Boolean()),
)
assessments = sa.table(
    "assessments",
    sa.column("id", sa.Integer()),
    sa.column("organisation_id", sa.Integer()),
    sa.column("cycle_id", sa.Integer()),
    sa.column("rubric_id", sa.String()),
    sa.column("rubric_version", sa.Integer()),
    sa.column("rubric_sha256", sa.String()),
    sa.column("status", sa.String()),
    sa.column("submitted_at", rcapp.db.UTCDateTime()),
    sa.column("frozen_result", sa.Text()),
)
cycles = sa.table(
    "reporting_cycles",
    sa.column("id", sa.Integer()),
    sa.column("year", sa.Integer()),
    sa.column("closed_at", rcapp.db.UTCDateTime()),
)


def upgrade() -> None:
    # Read first: on SQLite the batch drop rebuilds `assessments`, and dropping the old
    # table would cascade to rows already in scorecard_snapshots.
    rows = _frozen_rows() + _self_rows()
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("frozen_result")
    op.create_table(
        "scorecard_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "self",
                "final",
                "frozen",
                name="snapshot_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("rubric_id", sa.String(length=64), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("rubric_sha256", sa.String(length=64), nullable=False),
        sa.Column("codec_version", sa.Integer(), nullable=False),
        sa.Column("computed_at", rcapp.db.UTCDateTime(), nullable=False),
        sa.Column("scorecard", sa.Text(), nullable=False),
        sa.Column("review_context", sa.Text(), nullable=False),
        sa.Column("overall_score", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_scorecard_snapshots_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecard_snapshots")),
        sa.UniqueConstraint(
            "assessment_id", "kind", name=op.f("uq_scorecard_snapshots_assessment_id_kind")
        ),
    )
    if rows:
        op.get_bind().execute(snapshots.insert(), rows)


def downgrade() -> None:
    connection = op.get_bind()
    frozen = connection.execute(
        sa.select(snapshots.c.assessment_id, snapshots.c.scorecard).where(
            snapshots.c.kind == "frozen"
        )
    ).all()
    op.drop_table("scorecard_snapshots")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("frozen_result", sa.TEXT(), nullable=True))
    for assessment_id, scorecard in frozen:
        document = {"assessment_id": assessment_id, "scorecard": json.loads(scorecard)["scorecard"]}
        connection.execute(
            assessments.update()
            .where(assessments.c.id == assessment_id)
            .values(frozen_result=json.dumps(document, ensure_ascii=False, sort_keys=True))
        )


def _snapshot_row(
    assessment: Any, kind: str, scorecard: dict[str, Any], at: dt.datetime
) -> dict[str, Any]:
    overall = scorecard.get("overall")
    rating = scorecard["rating"]
    return {
        "assessment_id": assessment.id,
        "kind": kind,
        "rubric_id": assessment.rubric_id,
        "rubric_version": assessment.rubric_version,
        "rubric_sha256": assessment.rubric_sha256,
        "codec_version": CODEC_VERSION,
        "computed_at": at,
        "scorecard": json.dumps(
            {"codec_version": CODEC_VERSION, "meta": {}, "scorecard": scorecard}, ensure_ascii=False
        ),
        "review_context": NOT_REVIEWED,
        "overall_score": None if overall is None else Decimal(overall),
        "stars": rating["stars"],
        "rated": rating["rated"],
    }


def _frozen_rows() -> list[dict[str, Any]]:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(assessments, cycles.c.closed_at)
        .join(cycles, cycles.c.id == assessments.c.cycle_id)
        .where(assessments.c.frozen_result.is_not(None))
    ).all()
    now = dt.datetime.now(dt.UTC)
    return [
        _snapshot_row(
            row, "frozen", json.loads(row.frozen_result)["scorecard"], row.closed_at or now
        )
        for row in rows
    ]


def _self_rows() -> list[dict[str, Any]]:
    """Score each submitted assessment's locked answers, as submit now does."""
    from rcapp.rubrics.registry import RubricRegistry

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(assessments, cycles.c.year)
        .join(cycles, cycles.c.id == assessments.c.cycle_id)
        .where(assessments.c.status == "submitted")
    ).all()
    registry = RubricRegistry(_rubrics_dir())
    found: list[dict[str, Any]] = []
    for row in rows:
        try:
            rubric = registry.get(row.rubric_id, row.rubric_version, row.rubric_sha256).rubric
            card = _score(connection, row, rubric)
        except Exception as exc:  # noqa: BLE001 - any failure only skips this derived row
            logger.warning("assessment %s: no self snapshot (%s)", row.id, exc)
            continue
        from rcapp.scoring import codec

        document = codec.encode(card)
        at = row.submitted_at or dt.datetime.now(dt.UTC)
        found.append(_snapshot_row(row, "self", document["scorecard"], at))
    return found


def _rubrics_dir() -> str:
    from flask import current_app, has_app_context

    from rcapp.config import PROJECT_ROOT

    if has_app_context():
        return str(current_app.config["RUBRICS_DIR"])
    return os.environ.get("RCAPP_RUBRICS_DIR") or str(PROJECT_ROOT / "rubrics")


def _score(connection: sa.Connection, row: Any, rubric: Any) -> Any:
    from rcapp.assessments.inputs import (
        AnswerRecord,
        AssessmentRecord,
        EventRecord,
        build_scoring_inputs,
    )
    from rcapp.scoring import score_assessment

    files: dict[str, list[str]] = {}
    for item_id, name in connection.execute(
        sa.text(
            "SELECT item_id, original_name FROM attachments WHERE assessment_id = :a ORDER BY id"
        ),
        {"a": row.id},
    ):
        files.setdefault(item_id, []).append(name)
    answers = {
        a.item_id: AnswerRecord(
            item_id=a.item_id,
            level=a.level,
            value=a.value,
            is_na=bool(a.is_na),
            na_reason=a.na_reason,
            evidence_note=a.evidence_note,
            comment=a.comment,
            files=tuple(files.get(a.item_id, ())),
        )
        for a in connection.execute(
            sa.text(
                "SELECT item_id, level, value, is_na, na_reason, evidence_note, comment"
                " FROM answers WHERE assessment_id = :a"
            ).columns(value=sa.Numeric(20, 6)),
            {"a": row.id},
        )
    }
    kpis: dict[int, dict[str, Decimal]] = {}
    for year, input_id, value in connection.execute(
        sa.text(
            "SELECT c.year, k.input_id, k.value FROM kpi_values k"
            " JOIN assessments a ON a.id = k.assessment_id JOIN reporting_cycles c ON c.id = a.cycle_id"
            " WHERE a.organisation_id = :o AND c.year <= :y"
        ).columns(value=sa.Numeric(20, 6)),
        {"o": row.organisation_id, "y": row.year},
    ):
        kpis.setdefault(year, {})[input_id] = value
    events = tuple(
        EventRecord(
            event_type=e.event_type,
            occurred_on=_date(e.occurred_on),
            grade=e.grade,
            fatalities=e.fatalities,
            is_resolved=bool(e.is_resolved),
        )
        for e in connection.execute(
            sa.text(
                "SELECT event_type, occurred_on, grade, fatalities, is_resolved FROM events"
                " WHERE organisation_id = :o ORDER BY occurred_on DESC, id DESC"
            ).columns(occurred_on=sa.Date()),
            {"o": row.organisation_id},
        )
    )
    submitted = row.submitted_at or dt.datetime.now(dt.UTC)
    record = AssessmentRecord(
        year=row.year,
        assessment_date=submitted.astimezone(CHINA_TIME).date(),
        answers=answers,
        kpi_inputs=kpis.pop(row.year, {}),
        kpi_history=kpis,
        events=events,
    )
    return score_assessment(rubric, *build_scoring_inputs(rubric, record))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
