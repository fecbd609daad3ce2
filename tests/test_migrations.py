"""The schema comes only from migrations, and the models agree with them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Engine, inspect

import rcapp.all_models  # noqa: F401 - registers every table
from rcapp.db import ENGINE_KEY, Base


def test_migrated_database_has_every_model_table(app: Flask) -> None:
    engine: Engine = app.extensions[ENGINE_KEY]
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_do_not_drift(app: Flask) -> None:
    engine: Engine = app.extensions[ENGINE_KEY]
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
