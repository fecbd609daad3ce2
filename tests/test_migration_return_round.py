"""The return-round migration counts every return from the audit log and renumbers the notes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import (
    add_assessment,
    add_cycle,
    add_organisation,
    check_migration,
    columns,
    in_one_transaction,
)

BEFORE = "f3b5d7e9a1c4"
AFTER = "a36e6b27e6e4"

_NOW = sa.bindparam("now", type_=sa.DateTime())

# Per assessment: its status, its audit trail ("n" a return with notes, "p" a plain one)
# and the rounds its notes were stored with (the old numbering: returns with notes only).
HISTORIES = {
    1: ("returned", "np", (1,)),  # the bug: notes, then a plain return
    2: ("returned", "pn", (1,)),  # plain, then notes: the notes are the latest
    3: ("submitted", "npn", (1, 2)),  # returned thrice, resubmitted
    4: ("draft", "", ()),  # never returned
    5: ("returned", "n", (1, 2)),  # the log misses a return with notes: kept as it was
}


@in_one_transaction
def _rows(conn: sa.Connection) -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    add_cycle(conn)
    for key, (status, trail, rounds) in HISTORIES.items():
        add_organisation(conn, key)
        add_assessment(conn, key, None, status)
        for kind in trail:
            for action in ("return", "return.items") if kind == "n" else ("return",):
                _audit(conn, "assessment", key, action, now)
        for round_ in rounds:
            conn.execute(
                sa.text(
                    "INSERT INTO return_item_comments (assessment_id, round, item_id, comment,"
                    " created_at) VALUES (:a, :r, 'C1.E1.1', :text, :now)"
                ).bindparams(_NOW),
                {"a": key, "r": round_, "text": f"note {key}.{round_}", "now": now},
            )
    # Another kind of entity with the same id is not an assessment's return.
    _audit(conn, "organisation", 4, "return", now)
    conn.execute(
        sa.text(
            "INSERT INTO answers (assessment_id, item_id, level, is_na, updated_at)"
            " VALUES (1, 'C1.E1.1', 2, :no, :now)"
        ).bindparams(_NOW),
        {"now": now, "no": False},
    )


def _audit(conn: sa.Connection, entity: str, entity_id: int, action: str, now: object) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO audit_entries (at, entity, entity_id, action)"
            " VALUES (:now, :entity, :id, :action)"
        ).bindparams(_NOW),
        {"now": now, "entity": entity, "id": entity_id, "action": action},
    )


def _notes(conn: sa.Connection) -> list[tuple[int, int, str]]:
    found = conn.execute(
        sa.text(
            "SELECT assessment_id, round, comment FROM return_item_comments"
            " ORDER BY assessment_id, round"
        )
    )
    return [(int(a), int(r), str(c)) for a, r, c in found]


def _upgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        counted = conn.execute(sa.text("SELECT id, return_round FROM assessments ORDER BY id"))
        assert [tuple(row) for row in counted] == [(1, 2), (2, 2), (3, 3), (4, 0), (5, 2)]
        assert _notes(conn) == [
            (1, 1, "note 1.1"),  # below the return round: no longer shown
            (2, 2, "note 2.1"),  # the latest return's: still shown
            (3, 1, "note 3.1"),
            (3, 3, "note 3.2"),
            (5, 1, "note 5.1"),
            (5, 2, "note 5.2"),  # the highest round, as before
        ]


def _downgraded(engine: sa.Engine) -> None:
    assert "return_round" not in columns(engine, "assessments")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM assessments")).scalar() == 5
        assert conn.execute(sa.text("SELECT count(*) FROM answers")).scalar() == 1
        assert len(_notes(conn)) == 6


def test_every_return_counts_and_the_notes_move_to_their_return(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
