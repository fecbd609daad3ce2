"""Two requests at the same instant, each in a thread of its own, meeting at one call.

A race test makes both requests read (load the row, check the state) before either writes:
`meet_after` makes each, once its call returned, wait for the other's; `run_both` runs the
two sides and returns what each got.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

HOLD_SECONDS = 1.5  # a side that waits this long goes on alone (SQLite's lock holds the other)
SIDE = threading.local()


def meet_after(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """Make each side, once its call of `owner.name` returned, wait for the other's."""
    arrived = [threading.Event(), threading.Event()]
    original = getattr(owner, name)

    def meeting(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        if hasattr(SIDE, "index"):
            arrived[SIDE.index].set()
            arrived[1 - SIDE.index].wait(HOLD_SECONDS)
        return found

    monkeypatch.setattr(owner, name, meeting)


def run_both(side: Callable[[int], Any]) -> list[Any]:
    """Run `side(0)` and `side(1)` in two threads at once; return their answers in order."""
    answers: list[Any] = [None, None]

    def run(index: int) -> None:
        SIDE.index = index
        answers[index] = side(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers
