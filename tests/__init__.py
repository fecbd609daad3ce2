"""rcapp's test suite.

The task queue is chosen when `rcapp.queue` is imported; point it at a throw-away SQLite
file so that no test run writes to the developer's instance folder, and remove that file
when the run ends so that runs do not pile files up in the temporary directory. Each
pytest-xdist worker takes a file of its own (tests/parallel_workers.py).
"""

import atexit
import os
from pathlib import Path

from tests.parallel_workers import QUEUE_OWNER_KEY, needs_own_queue, own_queue_file, worker_id

if needs_own_queue(os.environ, os.getpid()):
    _queue_file = own_queue_file(os.getpid(), worker_id())
    os.environ["RCAPP_QUEUE_URL"] = f"sqlite:///{_queue_file}"
    os.environ[QUEUE_OWNER_KEY] = str(os.getpid())

    def _remove_queue_file() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{_queue_file}{suffix}").unlink(missing_ok=True)

    atexit.register(_remove_queue_file)
