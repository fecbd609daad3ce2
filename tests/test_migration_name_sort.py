"""The name-sort migration gives every existing organisation its pinyin key."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from rcapp.db import make_engine
from rcapp.dbcli import alembic_config
from tests.test_migration_snapshots import database  # noqa: F401 - the fixture

BEFORE = "b4c6e8f0a2d3"
AFTER = "c5d7f9a1b3e5"

_NAMES = {1: "中国石化", 2: "北京化工", 3: "安徽化工", 4: "重庆化工"}


def test_existing_organisations_sort_in_pinyin_order_and_the_downgrade_drops_the_key(
    database: str,  # noqa: F811 - the fixture
) -> None:
    from alembic import command

    command.upgrade(alembic_config(database), BEFORE)
    engine = make_engine(database)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        for number, name in _NAMES.items():
            conn.execute(
                sa.text(
                    "INSERT INTO organisations (id, kind, name_zh, credit_code, province, city,"
                    " commitment_status, created_at) VALUES (:id, 'company', :name, :code,"
                    " '福建', '福州', 'signed', :now)"
                ).bindparams(sa.bindparam("now", type_=sa.DateTime())),
                {"id": number, "name": name, "code": f"CODE{number}", "now": now},
            )
    command.upgrade(alembic_config(database), AFTER)
    with engine.connect() as conn:
        ordered = conn.execute(
            sa.text("SELECT name_zh, name_sort FROM organisations ORDER BY name_sort")
        ).all()
    assert [name for name, _ in ordered] == ["安徽化工", "北京化工", "重庆化工", "中国石化"]
    assert ordered[2].name_sort == "chong2 qing4 hua4 gong1"
    command.downgrade(alembic_config(database), BEFORE)
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("organisations")}
        assert "name_sort" not in columns
        assert conn.execute(sa.text("SELECT count(*) FROM organisations")).scalar_one() == 4
    engine.dispose()
