"""The repository's own rubrics (rc-company, rc-park) instead of the small test ones.

Import `real_rubrics` into a test module as a fixture (`import real_rubrics as real_rubrics`,
so that a test's parameter of that name is not read as a second definition).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from rcapp.rubrics.registry import RubricRegistry

RUBRICS = Path(__file__).resolve().parents[1] / "rubrics"
REGISTRY = RubricRegistry(RUBRICS)


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    """The app reads the repository's rubrics for the test, then the test ones again."""
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    yield
    app.config["RUBRICS_DIR"] = before
