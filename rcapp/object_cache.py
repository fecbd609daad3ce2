"""Values derived from a long-lived object (a parsed rubric, a decoded scorecard), kept.

(`PerKey`, at the end, keeps values whose key alone says what they are made from.)

A parsed rubric is one object for the life of the process (the registry caches it by id,
version and file hash), and so is a decoded snapshot's scorecard while the decode cache
keeps it; both are frozen. What is built from such an object (form classes, page
fragments) can be kept with it. An entry matches only the very object it was built from:
a rubric file edited and loaded again, or a scorecard decoded again, is another object and
misses. Each entry holds its object, so its id cannot be reused while the entry lives.
Least recently used entries go beyond `size`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

O = TypeVar("O")  # noqa: E741 - the object the values are derived from
V = TypeVar("V")


class PerObject(Generic[O, V]):
    """A bounded cache of values built from one object and a key (language, section...)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, Hashable], tuple[O, V]] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threaded workers share the process

    def get(self, source: O, key: Hashable, build: Callable[[], V]) -> V:
        """Return the value kept for (`source`, `key`), or `build()` it and keep it."""
        slot = (id(source), key)
        with self._lock:
            found = self._entries.get(slot)
            if found is not None and found[0] is source:
                self._entries.move_to_end(slot)
                return found[1]
        value = build()
        with self._lock:
            self._entries[slot] = (source, value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def find(self, source: O, key: Hashable) -> V | None:
        """Return the value kept for (`source`, `key`), None when none is kept."""
        slot = (id(source), key)
        with self._lock:
            found = self._entries.get(slot)
            if found is None or found[0] is not source:
                return None
            self._entries.move_to_end(slot)
            return found[1]

    def __len__(self) -> int:
        return len(self._entries)


K = TypeVar("K", bound=Hashable)


class PerKey(Generic[K, V]):
    """A bounded cache of values built from a key alone (least recently used go first).

    For values whose key says everything they are made from, e.g. a digest of the rows a
    fragment shows: a changed row is another key, so nothing needs invalidating.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threaded workers share the process

    def get(self, key: K, build: Callable[[], V]) -> V:
        """Return the value kept for `key`, or `build()` it and keep it."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)
