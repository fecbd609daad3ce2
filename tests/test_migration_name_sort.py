"""The name-sort migration gives every existing organisation its pinyin key."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.migration_world import add_organisation, check_migration, columns

BEFORE = "b4c6e8f0a2d3"
AFTER = "c5d7f9a1b3e5"

_NAMES = {1: "中国石化", 2: "北京化工", 3: "安徽化工", 4: "重庆化工"}


def _rows(engine: sa.Engine) -> None:
    now = dt.datetime(2025, 1, 1)  # noqa: DTZ001 - stored naive, as UTC
    with engine.begin() as conn:
        for number in _NAMES:
            add_organisation(conn, number, now)
        for number, name in _NAMES.items():
            conn.execute(
                sa.text("UPDATE organisations SET name_zh = :name WHERE id = :id"),
                {"id": number, "name": name},
            )


def _upgraded(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        ordered = conn.execute(
            sa.text("SELECT name_zh, name_sort FROM organisations ORDER BY name_sort")
        ).all()
    assert [name for name, _ in ordered] == ["安徽化工", "北京化工", "重庆化工", "中国石化"]
    assert ordered[2].name_sort == "chong2 qing4 hua4 gong1"


def _downgraded(engine: sa.Engine) -> None:
    assert "name_sort" not in columns(engine, "organisations")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organisations")).scalar_one() == 4


def test_existing_organisations_sort_in_pinyin_order_and_the_downgrade_drops_the_key(
    database: str,
) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
