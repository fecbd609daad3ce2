"""Values derived from a loaded rubric (form classes, page fragments), kept per rubric.

A parsed rubric is one object for the life of the process (the registry caches it by id,
version and file hash), so what is built from it can be kept with it. An entry matches
only the very object it was built from: a rubric file edited and loaded again, or another
registry, is another object and misses. Least recently used entries go beyond `size`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from rcapp.rubrics.model import Rubric

V = TypeVar("V")


class PerRubric(Generic[V]):
    """A bounded cache of values built from one rubric and a key (language, section...)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, Hashable], tuple[Rubric, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, rubric: Rubric, key: Hashable, build: Callable[[], V]) -> V:
        """Return the value kept for (`rubric`, `key`), or `build()` it and keep it."""
        slot = (id(rubric), key)
        with self._lock:
            found = self._entries.get(slot)
            if found is not None and found[0] is rubric:
                self._entries.move_to_end(slot)
                return found[1]
        value = build()
        with self._lock:
            self._entries[slot] = (rubric, value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)
