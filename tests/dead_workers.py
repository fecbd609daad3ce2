"""Workers as a job records them: one whose process has ended here, one on another host.

A job records its worker (host, pid, process start); a worker known to have died on this
host lets its job be given up at once, one on another host cannot be looked at.
"""

from __future__ import annotations

import subprocess
import sys

from rcapp.worker_identity import host_key


def ended_pid() -> int:
    """The pid of a process that has run and ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    return child.pid


def dead_worker() -> dict[str, object]:
    """A worker on this host whose process has ended."""
    return {"host": host_key(), "pid": ended_pid(), "started": "1"}


def worker_elsewhere() -> dict[str, object]:
    """A worker on another host: cannot be looked at, so not known dead."""
    return {"host": "another-host", "pid": 1, "started": "1"}
