"""A closed year's kept registry rows (parks, working groups, signatories), written at its close."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert

from rcapp import db
from rcapp.cycles.models import ClosedYearGroupMember, ClosedYearPark, ClosedYearSignatory

KeptTable = type[ClosedYearPark] | type[ClosedYearGroupMember] | type[ClosedYearSignatory]


def replace_kept(table: KeptTable, cycle_id: int, rows: Sequence[dict[str, Any]]) -> int:
    """Put `rows` in place of the year's earlier kept rows in `table` (a re-close rewrites)."""
    session = db.session()
    session.execute(delete(table).where(table.cycle_id == cycle_id))
    if rows:
        session.execute(insert(table), list(rows))
    return len(rows)
