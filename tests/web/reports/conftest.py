"""Report files (jobs, held imports) go to a temporary folder in these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask


@pytest.fixture(autouse=True)
def reports_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setitem(app.config, "REPORTS_DIR", str(folder))
    return folder
