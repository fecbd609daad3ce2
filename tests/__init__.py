"""rcapp's test suite.

The task queue is chosen when `rcapp.queue` is imported; point it at a throw-away SQLite
file so that no test run writes to the developer's instance folder, and remove that file
when the run ends so that runs do not pile files up in the temporary directory.
"""

import atexit
import os
import tempfile
from pathlib import Path

if "RCAPP_QUEUE_URL" not in os.environ:
    _queue_file = Path(tempfile.gettempdir()) / f"rcapp-test-queue-{os.getpid()}.sqlite3"
    os.environ["RCAPP_QUEUE_URL"] = f"sqlite:///{_queue_file}"

    def _remove_queue_file() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{_queue_file}{suffix}").unlink(missing_ok=True)

    atexit.register(_remove_queue_file)
