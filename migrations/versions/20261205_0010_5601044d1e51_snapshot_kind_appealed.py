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

from alembic import op

revision = "5601044d1e51"
down_revision = "41f7aeff2ee3"
branch_labels = None
depends_on = None

_OLD = ("self", "final", "frozen")
_NEW = (*_OLD, "appealed")


def _allow(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("scorecard_snapshots", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scorecard_snapshots_snapshot_kind"), type_="check")
        batch_op.create_check_constraint("snapshot_kind", f"kind IN ({listed})")


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
