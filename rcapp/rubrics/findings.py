"""What a rubric check reports: a Finding at a key/index path, and the helpers checks share."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from rcapp.rubrics.model import Rubric

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str


class LineLookup(Protocol):
    def line_for(self, loc: Loc) -> int | None: ...


Check = Callable[[Rubric, LineLookup], Iterable[Finding]]


def suggestion(name: str, known: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for a close known name, else ""."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
