"""assessment return round: every return counts, so a plain one hides the notes of the last

`assessments.return_round` counts the returns of an assessment; item notes carry the round
of the return that wrote them. Before, a note's round counted only the returns that had
notes, so a plain return after one with notes kept showing the old notes.

The backfill reads the audit log: return_assessment is the only writer of the returned
status and records a "return" entry in the same transaction, and the notes a "return.items"
entry after it; audit entries are never deleted. So return_round is the number of "return"
entries, and the notes of the k-th return with notes move to the round of the return whose
"return.items" entry they follow. Existing data shows what it showed, except an assessment
whose latest return had no notes: it shows none now. Should the log not match the notes
(a count that differs), the assessment keeps its notes' rounds and gets their highest round:
it shows what it showed.

The downgrade drops the column; the notes keep their new rounds, which the old code reads
the same way (the highest round is the latest).

Revision ID: a36e6b27e6e4
Revises: f3b5d7e9a1c4
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "a36e6b27e6e4"
down_revision = "f3b5d7e9a1c4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding assessments (batch) would fail on its referencing rows.
    op.add_column(
        "assessments", sa.Column("return_round", sa.Integer(), nullable=False, server_default="0")
    )
    conn = op.get_bind()
    returns: dict[int, int] = defaultdict(int)
    noted_returns: dict[int, list[int]] = defaultdict(list)  # the returns that had notes
    for assessment_id, action in conn.execute(
        sa.text(
            "SELECT entity_id, action FROM audit_entries WHERE entity = 'assessment'"
            " AND action IN ('return', 'return.items') ORDER BY entity_id, id"
        )
    ):
        if action == "return":
            returns[assessment_id] += 1
        else:
            noted_returns[assessment_id].append(returns[assessment_id])
    rounds: dict[int, list[int]] = defaultdict(list)
    for assessment_id, round_ in conn.execute(
        sa.text(
            "SELECT DISTINCT assessment_id, round FROM return_item_comments"
            " ORDER BY assessment_id, round"
        )
    ):
        rounds[assessment_id].append(round_)
    ids = conn.execute(sa.text("SELECT id FROM assessments")).scalars().all()
    for assessment_id in ids:
        old, new = rounds.get(assessment_id, []), noted_returns.get(assessment_id, [])
        if _log_matches(old, new):
            # Highest first: a note's round only grows, so a target round is always free.
            for old_round, new_round in sorted(zip(old, new, strict=True), reverse=True):
                conn.execute(
                    sa.text(
                        "UPDATE return_item_comments SET round = :new"
                        " WHERE assessment_id = :a AND round = :old"
                    ),
                    {"new": new_round, "old": old_round, "a": assessment_id},
                )
            count = returns.get(assessment_id, 0)
        else:
            count = max(old)  # the rounds as they were: what was shown stays shown
        if count:
            conn.execute(
                sa.text("UPDATE assessments SET return_round = :n WHERE id = :a"),
                {"n": count, "a": assessment_id},
            )


def _log_matches(old: list[int], new: list[int]) -> bool:
    """Whether the log's returns with notes pair one to one with the notes' rounds."""
    if not old:
        return True  # no notes to move: the log's count is all there is
    increasing = all(a < b for a, b in zip(new, new[1:], strict=False))
    return len(old) == len(new) and new[0] >= 1 and increasing


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch rebuild of a referenced table.
    op.drop_column("assessments", "return_round")
