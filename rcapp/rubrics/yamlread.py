"""One line-keeping YAML reader for rubric files, answers files and crosswalks.

The YAML is composed (safe loader) into nodes and built into plain data by hand, so that
every key and list entry keeps its 1-based line (by its key/index path), duplicate keys
and merge keys (<<) are reported instead of silently resolved, an alias bomb or a deeply
nested or huge file is refused with a message, and (for `exact_numbers`) a number is read
as written: Decimal, never a binary float. NaN and infinities are refused everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from yaml.constructor import SafeConstructor

Path_ = tuple[str | int, ...]
MAX_NODES = 1_000_000  # an alias bomb must not exhaust memory
MAX_DEPTH = 40  # rubrics nest about 12 levels; far deeper is an attack or a mistake
MAX_BYTES = 8_000_000
_MERGE_TAG = "tag:yaml.org,2002:merge"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def plain(loc: Path_) -> str:
    """Render ("events", 0, "date") as "events.0.date"."""
    return ".".join(str(step) for step in loc)


def dotted(loc: Path_) -> str:
    """Render ("sections", 1, "title") as "sections[1].title"."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
    return text


@dataclass
class YamlDocument:
    """Plain data, the line of every key path, and the problems met on the way."""

    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def read_yaml(
    text: str,
    *,
    exact_numbers: bool = False,
    max_nodes: int = MAX_NODES,
    max_bytes: int = MAX_BYTES,
    what: str = "file",
    plain_paths: bool = False,
) -> YamlDocument:
    """Compose and build `text`; syntax errors come back as problems, never raised.

    Messages name a key path as "sections[1].title", or with `plain_paths` as "events.0.date"
    (the answers-file style).
    """
    if len(text.encode("utf-8")) > max_bytes:
        return YamlDocument(None, problems=[(None, f"the {what} is larger than {max_bytes} bytes")])
    try:
        root = compose(text)
    except RecursionError:
        return YamlDocument(None, problems=[(None, f"the {what} is nested too deeply")])
    except yaml.YAMLError as exc:
        return YamlDocument(None, problems=[syntax_problem(exc, text, what)])
    if root is None:
        return YamlDocument(None, problems=[(1, "the file is empty")])
    builder = _Builder(exact_numbers, max_nodes, plain if plain_paths else dotted)
    data = builder.build(root, (), 0)
    return YamlDocument(data, builder.lines, builder.problems)


# libyaml's composer (when PyYAML was built with it) is about four times faster, which is
# most of a rubric file's parse and of a server's start. It builds the same nodes and
# refuses nesting beyond its own depth limit; the pure-Python composer reads a file that
# libyaml refuses again, so that every syntax error keeps its own words and line.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def compose(text: str, *, fast: bool = True) -> yaml.Node | None:
    """Compose `text` into nodes, with libyaml when it is there and `fast`."""
    if fast and _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def syntax_problem(exc: yaml.YAMLError, text: str, what: str = "file") -> tuple[int | None, str]:
    """Word a PyYAML error for people, with the line it points at."""
    if isinstance(exc, yaml.reader.ReaderError):
        at = text.count("\n", 0, exc.position) + 1
        return at, f"YAML syntax error: character #x{exc.character:04x} is not allowed"
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None, f"YAML syntax error: {exc}"
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if exc.context == "expected a single document in the stream":
        return line, f"YAML syntax error: a {what} holds one document (one '---')"
    message = f"YAML syntax error: {exc.problem or exc.context}"
    if exc.context and exc.problem:
        where = ""
        if exc.context_mark is not None and exc.context_mark.line + 1 != line:
            where = f" started at line {exc.context_mark.line + 1}"
        message += f" ({exc.context}{where})"
    if exc.problem and (
        "mapping values are not allowed" in exc.problem or "got ':'" in exc.problem
    ):
        message += "; a text containing ': ' must be put in quotes"
    return line, message


class _Builder:
    def __init__(self, exact_numbers: bool, max_nodes: int, render: Callable[[Path_], str]) -> None:
        self.exact_numbers = exact_numbers
        self.render = render
        self.lines: dict[Path_, int] = {}
        self.problems: list[tuple[int | None, str]] = []
        self._scalars = SafeConstructor()
        self._active: set[int] = set()
        self._budget = max_nodes

    def build(self, node: yaml.Node, loc: Path_, depth: int) -> object:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        self._budget -= 1
        if id(node) in self._active or self._budget < 0:
            self._report(node, "an alias refers to itself or expands too far")
            return None
        if depth > MAX_DEPTH:
            self._report(node, f"{self.render(loc)}: nested more than {MAX_DEPTH} levels deep")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc, depth)
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)
                ]
            return self._scalar(node, loc)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Path_, depth: int) -> dict[object, object]:
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._report(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            key = self._scalar(key_node, loc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                self._report(key_node, "a key must be a plain name")
                continue
            key_loc: Path_ = (*loc, key if isinstance(key, str | int) else str(key))
            if key in result:
                first = self.lines[key_loc]
                message = f"{self.render(key_loc)}: duplicate key (first used at line {first})"
                self._report(key_node, message)
                continue
            self.lines[key_loc] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, key_loc, depth + 1)
        return result

    def _scalar(self, node: yaml.Node, loc: Path_) -> object:
        where = f"{self.render(loc)}: " if loc else ""
        if node.tag == _FLOAT_TAG and self.exact_numbers:
            try:
                number = Decimal(str(node.value).replace("_", ""))
            except InvalidOperation:
                number = None  # .inf, .nan and sexagesimal floats: PyYAML reads them
            if number is not None and number.is_finite():
                return number
        try:
            value = self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            if node.tag == _TIMESTAMP_TAG:
                message = f"bad date '{node.value}': use a real date as YYYY-MM-DD"
            else:
                reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else str(exc)
                message = f"cannot read value {node.value!r}: {reason}"
            self._report(node, where + message)
            return None
        if isinstance(value, float):
            if not math.isfinite(value):
                self._report(node, f"{where}{node.value} is not a number: write a finite number")
                return None
            return Decimal(repr(value)) if self.exact_numbers else value
        if isinstance(value, dt.datetime) and self.exact_numbers:
            return value.date()
        return value

    def _report(self, node: yaml.Node, message: str) -> None:
        self.problems.append((node.start_mark.line + 1, message))
