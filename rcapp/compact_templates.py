"""Read the HTML page templates without the whitespace their layout puts into every page.

A template is indented for its reader, and every line holding only `{% if %}`, `{% for %}`,
`{% set %}` or a comment still writes its indentation and its line break, once per loop
turn: a third of the section page's whitespace, some 17 kB of 100 kB, sent on every request.
This loader hands Jinja each page template with its lines' indentation taken off, and those
lines' tags joined to the next line. Only whitespace of the template's own text goes: an
answer, a name or a comment typed by a user is written as it was.

What a reader sees does not change: a run of spaces and line breaks between two tags or
words still holds a line break (the line before the dropped one ends with its own), and a
browser shows such a run as one space or none, whatever its length. What a dropped line's
tags write is not dropped (an `{% include %}` on a line of its own is kept, line break and
all: what it writes could end in a word that the next line's word would join).

Left as they are: the mail templates (mail/, and every `.txt`), whose text is sent as
written, and any template holding `<pre` or `<textarea`, whose whitespace is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import BaseLoader, Environment

# A line of nothing but statement tags and comments that write nothing themselves.
_QUIET = r"(?:if|elif|else|endif|for|endfor|set|endset|macro|endmacro|from|import|with|endwith)\b"
_TAG = r"\{%-?\s*" + _QUIET + r"(?:(?!%\}).)*%\}|\{#(?:(?!#\}).)*#\}"
_QUIET_LINE = re.compile(r"^[ \t]*(?:(?:" + _TAG + r")[ \t]*)+\n", re.MULTILINE | re.DOTALL)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BLANK = re.compile(r"\n(?:[ \t]*\n)+")
_SHOWN_WHITESPACE = ("<pre", "<textarea")


def compacted(name: str, source: str) -> str:
    """Return `source` of template `name` without its layout's whitespace (see above)."""
    if not is_compacted(name, source):
        return source
    source = _INDENT.sub("", source)
    source = _QUIET_LINE.sub(_joined, source)
    return _BLANK.sub("\n", source)


def _joined(line: re.Match[str]) -> str:
    # A tag that strips whitespace itself (`{%-`, `-%}`) already decides what stays.
    text = line.group(0)
    if any(mark in text for mark in ("{%-", "{#-", "-%}", "-#}")):
        return text
    return text.rstrip(" \t\n")


def is_compacted(name: str, source: str) -> bool:
    """Whether `compacted` changes template `name` (a page template, none of the above)."""
    if not name.endswith(".html") or name.startswith("mail/"):
        return False
    return not any(marker in source for marker in _SHOWN_WHITESPACE)


class CompactLoader(BaseLoader):
    """Another loader's templates, each passed through `compacted`."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return compacted(template, source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()
