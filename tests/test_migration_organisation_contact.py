"""The organisation-contact migration: existing organisations have no site address or contact
(their admins fill them in); the columns take them; the downgrade removes them."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migration_world import add_organisation, check_migration, columns, nullable

BEFORE = "c4a9e2f7b1d8"
AFTER = "d7b3e5a1c9f2"
CONTACT = ("site_address", "hse_contact", "contact_phone", "contact_email")


def _rows(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        add_organisation(conn)


def _upgraded(engine: sa.Engine) -> None:
    assert all(nullable(engine, "organisations")[name] for name in CONTACT)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM organisations")).mappings().one()
    assert [row[name] for name in CONTACT] == [None] * 4
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE organisations SET site_address = '江苏省盐城市纬三路 8 号',"
                " hse_contact = '陆海峰', contact_phone = '0515-80000101-123',"
                " contact_email = 'hse@example.cn'"
            )
        )


def _downgraded(engine: sa.Engine) -> None:
    assert not set(CONTACT) & columns(engine, "organisations")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name_zh FROM organisations")).scalar_one() == "公司1"


def test_organisations_get_an_empty_site_contact_and_lose_it_on_downgrade(database: str) -> None:
    check_migration(database, BEFORE, AFTER, rows=_rows, upgraded=_upgraded, downgraded=_downgraded)
