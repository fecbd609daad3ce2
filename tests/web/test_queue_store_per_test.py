"""Each test starts on an empty Huey store (tests/conftest.py `_tasks_run_at_once`).

A park refresh keeps its marker and its reported state there (park_refresh): a state left by
one test showed "last updated at" on a park's result page in another. The two tests run in
this order; the second fails if the first one's entries survive it.
"""

from __future__ import annotations

import time

from rcapp.assessments import park_refresh
from rcapp.queue import huey

PARK, YEAR = 987654, 2025  # no fixture's park: only this file writes these keys


def test_a_test_leaves_a_park_refresh_in_the_store() -> None:
    huey.put(park_refresh.marker(PARK, YEAR), time.time())
    huey.put(park_refresh.state_key(PARK, YEAR), {"state": "done", "at": 1.0, "last_done": 1.0})
    assert huey.get(park_refresh.marker(PARK, YEAR), peek=True) is not None


def test_the_next_test_finds_the_store_empty() -> None:
    assert huey.get(park_refresh.marker(PARK, YEAR), peek=True) is None
    assert huey.get(park_refresh.state_key(PARK, YEAR), peek=True) is None
    assert huey.all_results() == {}
