"""Which worker process runs a job, and whether that process is gone (QA43 D1, D2).

A job records `this_worker()` when a worker starts it: the host, the process id and the
process's start time (so a pid reused by another process after a restart is not taken for the
worker). A worker starting, and the periodic sweep, then mark interrupted the running jobs of a
dead worker on their own host at once, instead of ~30 minutes after their last progress. A job
of another host cannot be looked at from here: it keeps the time rule.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable, Mapping
from typing import Any

WORKER_KEY = "worker"


def process_start(pid: int) -> str | None:
    """Return a process's start time (clock ticks since boot, Linux); None when it is gone.

    Where /proc is missing, a live process gives "" (its start time is unknown).
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return fields[19]  # field 22 of stat(5); the two before the ")" are cut off
    except FileNotFoundError:
        if os.path.isdir("/proc/self"):
            return None
    except (OSError, IndexError):
        return ""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""
    return ""


def host_key() -> str:
    """Name this host, and its process namespace: two containers may share a host name."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return socket.gethostname()
    return f"{socket.gethostname()} {namespace}"


def this_worker() -> dict[str, Any]:
    """Return this process's identity, as a job records it."""
    pid = os.getpid()
    return {"host": host_key(), "pid": pid, "started": process_start(pid) or ""}


def worker_gone(
    recorded: Mapping[str, Any] | None,
    host: str,
    start_of: Callable[[int], str | None] = process_start,
) -> bool:
    """Tell whether the worker a job recorded is known to be dead.

    Only a worker of this host can be looked at: its pid no longer runs, or runs a process
    started at another time (the pid was reused). A job without a record, or of another host,
    is not known to be dead (False): it keeps the time rule.
    """
    if not recorded or recorded.get("host") != host:
        return False
    pid = recorded.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    now_started = start_of(pid)
    if now_started is None:
        return True
    started = recorded.get("started")
    return bool(started and now_started and started != now_started)


def work_lost(
    recorded: Mapping[str, Any] | None,
    quiet: dt.timedelta,
    limit: dt.timedelta,
    start_of: Callable[[int], str | None] = process_start,
) -> bool:
    """Tell whether work a worker took is lost: the one rule of every job a worker runs.

    Lost at once when the worker it `recorded` is known dead on this host, else once it has
    not moved (`quiet`) for its kind's `limit` (a worker elsewhere, one that recorded none).
    Report jobs and edition stamps (rcapp.reports.jobs.worker_stopped), organisation imports.
    """
    return quiet >= limit or worker_gone(recorded, host_key(), start_of)
