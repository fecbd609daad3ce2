"""rcapp's test suite.

The task queue is chosen when `rcapp.queue` is imported; point it at a throw-away SQLite
file so that no test run writes to the developer's instance folder.
"""

import os
import tempfile

os.environ.setdefault(
    "RCAPP_QUEUE_URL",
    f"sqlite:///{tempfile.gettempdir()}/rcapp-test-queue-{os.getpid()}.sqlite3",
)
