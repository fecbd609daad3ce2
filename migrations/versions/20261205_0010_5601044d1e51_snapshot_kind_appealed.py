"""snapshot kind appealed: the final rating an upheld appeal reopened, kept for the record

Upholding an appeal deleted the final snapshot, so while the lead reviewed again the result
page showed the self-assessment as if no peer review had happened. The final snapshot is
now kept under the kind 'appealed' (one per assessment, the latest), which the result page
shows while the review is open again and the re-rating mail names as the earlier stars.
Only the CHECK constraint on `kind` changes.

Revision ID: 5601044d1e51
Revises: 41f7aeff2ee3
Create Date: 2026-12-05 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "5601044d1e51"
down_revision = "41f7aeff2ee3"
branch_labels = None
depends_on = None

_OLD = ("self", "final", "frozen")
_NEW = (*_OLD, "appealed")


def _allow(kinds: tuple[str, ...]) -> None:
    """Replace the CHECK constraint, keeping the section scores on SQLite.

    SQLite changes a constraint by copying the table into a new one and dropping the old;
    with foreign keys on, dropping it deletes its section scores (ON DELETE CASCADE). They
    are read first and written back: the snapshots keep their ids in the copy.
    """
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    kept = (
        conn.execute(sa.text("SELECT snapshot_id, section_id, score FROM snapshot_section_scores"))
        .mappings()
        .all()
        if sqlite
        else []
    )
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("scorecard_snapshots", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scorecard_snapshots_snapshot_kind"), type_="check")
        batch_op.create_check_constraint("snapshot_kind", f"kind IN ({listed})")
    if sqlite and kept:
        conn.execute(sa.text("DELETE FROM snapshot_section_scores"))
        conn.execute(
            sa.text(
                "INSERT INTO snapshot_section_scores (snapshot_id, section_id, score)"
                " VALUES (:snapshot_id, :section_id, :score)"
            ),
            [dict(row) for row in kept],
        )


def upgrade() -> None:
    _allow(_NEW)


def downgrade() -> None:
    # The earlier ratings kept are dropped, as upholding an appeal dropped them before.
    op.execute(
        "DELETE FROM snapshot_section_scores WHERE snapshot_id IN"
        " (SELECT id FROM scorecard_snapshots WHERE kind = 'appealed')"
    )
    op.execute("DELETE FROM scorecard_snapshots WHERE kind = 'appealed'")
    _allow(_OLD)
