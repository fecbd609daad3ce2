"""Translate each label once within a block of work (a long export's rows), not once a row.

Every `str(lazy_label)` or `gettext(...)` asks Flask-Babel for the request's locale and
catalogue again (several context look-ups); an export of thousands of audit entries does
that ~9 times a row for the same few dozen labels. Inside `translations_kept()`, `kept`
looks each label up once and keeps the text; outside, it is plain `str(label)`. The block
must not change the language (one request, one language).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# id(label) -> (label, text): the label is kept with its text so its id is not reused.
_KEPT: ContextVar[dict[int, tuple[Any, str]] | None] = ContextVar("rcapp_kept", default=None)


@contextmanager
def translations_kept() -> Iterator[None]:
    """Within the block, `kept(label)` translates each label object once."""
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def kept(label: Any) -> str:
    """Return `str(label)`: within `translations_kept`, worked out once per label object.

    A lazy label without variables gives its translated text as is; a message with
    variables is kept as such a label and filled with `%` by the caller, as gettext does.
    """
    memo = _KEPT.get()
    if memo is None:
        return str(label)
    found = memo.get(id(label))
    if found is None:
        found = memo[id(label)] = (label, str(label))
    return found[1]
