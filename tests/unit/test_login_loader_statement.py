"""The login loader's statement (run on every request) is compiled once, whole."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from rcapp.accounts.queries import _USER_WITH_ROLES


def test_the_login_loaders_statement_writes_no_value_into_its_text_per_run() -> None:
    for dialect in (sqlite.dialect(), postgresql.dialect()):  # type: ignore[no-untyped-call]
        compiled = str(_USER_WITH_ROLES.compile(dialect=dialect))
        # A post-compile value is written into the statement's text anew on every run.
        assert "POSTCOMPILE" not in compiled, compiled
        assert compiled.count(", ',')") == 2, compiled  # the roles' separator, as written
