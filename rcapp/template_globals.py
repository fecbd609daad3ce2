"""Jinja's template globals with a `keys()` that compares at C speed.

Every `{% import %}` and `{% from ... import %}` asks, on every render, which globals the
importing page has that the imported template lacks (`Template._get_default_module`:
`context.globals_keys - template.globals.keys()`). Jinja keeps a template's globals as a
`ChainMap` over the environment's, whose `keys()` is a Python `KeysView`: the difference
looks up each of the app's some sixty globals through `ChainMap.__contains__`, a
generator per key. The result page imports four templates: a tenth of its request went
there (docs/performance.md, 6 December).

`TemplateGlobals.keys()` hands out the keys of a dict merged from the chain, which the set
difference reads in C. The keys are the same as the chain's at the moment of the call, so
what an import sees is unchanged; the chain itself (lookups, later additions to the
environment's globals) is Jinja's own.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from typing import Any

from flask.templating import Environment


class TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, `keys()` a plain dict's view."""

    def keys(self) -> KeysView[str]:
        merged: dict[str, Any] = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


class RcappEnvironment(Environment):
    """Flask's Jinja environment, each template's globals a `TemplateGlobals`."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)
