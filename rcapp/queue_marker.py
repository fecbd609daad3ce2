"""A "queued" marker in the task queue's store: one waiting task of a kind, not two.

A task that must not wait in the queue twice (a park's result refresh, a year's benchmark
computation) puts a marker, the time it was queued, before it is queued; the task takes the
marker off when it starts, so a request after that queues the next run. A marker older than
`stale` seconds was lost with its queue and no longer holds a request back. A marker is the
record: no job row, no migration.
"""

from __future__ import annotations

import time

from rcapp.queue import huey


def mark_queued(key: str, stale: float, now: float | None = None) -> bool:
    """Put the marker `key`; False when a marker put less than `stale` seconds ago waits."""
    moment = time.time() if now is None else now
    if not huey.put_if_empty(key, moment):
        queued = huey.get(key, peek=True)
        if isinstance(queued, float) and moment - queued < stale:
            return False
        huey.put(key, moment)
    return True


def queued_at(key: str) -> float | None:
    """Return when the task marked `key` was queued (seconds since the epoch); None: none waits."""
    queued = huey.get(key, peek=True)
    return queued if isinstance(queued, float) else None


def unmark(key: str) -> None:
    """Take the marker off: the task started (or was never queued after all)."""
    huey.delete(key)
