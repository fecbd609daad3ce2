"""The cancelled-mail migration: outbox mail may be cancelled, with a reason; the downgrade
deletes the cancelled mail (as cancelling did before) and the reason column."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.migration_world import check_migration

BEFORE = "c5e1a7d3f9b2"
AFTER = "e7b3d9a1c4f6"


_INSERT = (
    "INSERT INTO outbox_messages"
    " (kind, to_address, to_name, lang, subject, body, created_at, status, attempts)"
    " VALUES ('reminder', 'li@example.cn', '李工', 'zh_CN', '提醒', '…', :now, :status, 0)"
)


def _add(engine: sa.Engine, status: str, reason: str | None = None) -> None:
    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            sa.text(_INSERT).bindparams(sa.bindparam("now", type_=sa.DateTime())),
            {"now": now, "status": status},
        )
        if reason is not None:
            conn.execute(
                sa.text(
                    "UPDATE outbox_messages SET cancel_reason = :reason"
                    " WHERE id = (SELECT MAX(id) FROM outbox_messages)"
                ),
                {"reason": reason},
            )


def _outbox(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT status FROM outbox_messages ORDER BY id")))


def test_mail_may_be_cancelled_after_and_is_deleted_by_the_downgrade(
    database: str,
) -> None:
    def rows(engine: sa.Engine) -> None:
        with pytest.raises(sa.exc.IntegrityError):
            _add(engine, "cancelled")
        _add(engine, "pending")

    def upgraded(engine: sa.Engine) -> None:
        _add(engine, "cancelled", "address_corrected")
        with pytest.raises(sa.exc.IntegrityError):
            _add(engine, "no_such_status")
        assert _outbox(engine) == ["pending", "cancelled"]
        with engine.connect() as conn:
            statement = sa.text("SELECT cancel_reason FROM outbox_messages ORDER BY id")
            assert list(conn.scalars(statement)) == [None, "address_corrected"]

    def downgraded(engine: sa.Engine) -> None:
        assert _outbox(engine) == ["pending"]
        assert "cancel_reason" not in [
            c["name"] for c in sa.inspect(engine).get_columns("outbox_messages")
        ]
        with pytest.raises(sa.exc.IntegrityError):
            _add(engine, "cancelled")

    check_migration(database, BEFORE, AFTER, rows=rows, upgraded=upgraded, downgraded=downgraded)
