"""What `rcapp --version` prints: rcapp's own version, then what it runs on.

Read from the installed packages' metadata, so the lines match what pip installed; a package
that is missing says so instead of failing (the SQLite driver is Python's own module).
"""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

# The database drivers rcapp uses: psycopg for PostgreSQL, Python's sqlite3 for SQLite.
DRIVERS = ("psycopg",)


def installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def version_text() -> str:
    """Return the version lines: rcapp first, then Python, Flask and the database drivers."""
    lines = [
        f"rcapp {installed('rcapp')}",
        f"Python {platform.python_version()}",
        f"Flask {installed('flask')}",
        f"SQLAlchemy {installed('sqlalchemy')}",
        *(f"{name} {installed(name)} (PostgreSQL)" for name in DRIVERS),
        f"sqlite3 (SQLite {sqlite3.sqlite_version})",
    ]
    return "\n".join(lines)
