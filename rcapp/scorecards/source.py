"""Read an answers file (YAML or JSON) into plain data, keeping the line of every key.

YAML is composed into nodes (safe loader) and built by hand so that each key and list
entry keeps its line, duplicate keys are reported instead of silently replaced, and a
number is read as written (Decimal, never a binary float). JSON numbers with a fraction
are read as Decimal too; JSON carries no line numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

Loc = tuple[str, ...]
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAX_NODES = 200_000  # an alias bomb must not exhaust memory


class AnswersFileError(Exception):
    """An answers file that cannot be scored; `messages` are `file:line: where: problem`."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class SourceFile:
    """The plain data of one answers file and the line of each key path."""

    name: str
    data: object
    lines: Mapping[Loc, int]

    def line_for(self, loc: Loc) -> int | None:
        """Return the line of `loc`, or of its nearest parent present in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return None

    def message(self, loc: Loc, text: str) -> str:
        line = self.line_for(loc)
        place = self.name if line is None else f"{self.name}:{line}"
        return f"{place}: {'.'.join(loc)}: {text}" if loc else f"{place}: {text}"


def read_source(path: Path) -> SourceFile:
    """Read and parse `path`: `.json` as JSON, anything else as YAML."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnswersFileError([f"{name}: cannot read file: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise AnswersFileError([f"{name}: the file is not UTF-8 text"]) from exc
    if path.suffix.lower() == ".json":
        return SourceFile(name, _json(text, name), {})
    return _yaml(text, name)


def _json(text: str, name: str) -> object:
    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in items:
            if key in result:
                raise AnswersFileError([f"{name}: duplicate key '{key}'"])
            result[key] = value
        return result

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise AnswersFileError([f"{name}:{exc.lineno}: JSON syntax error: {exc.msg}"]) from exc


def _yaml(text: str, name: str) -> SourceFile:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise AnswersFileError([f"{where}: YAML syntax error: {exc.problem}"]) from exc
    except yaml.YAMLError as exc:
        raise AnswersFileError([f"{name}: YAML syntax error: {exc}"]) from exc
    if root is None:
        raise AnswersFileError([f"{name}: the file is empty"])
    builder = _Builder(name)
    data = builder.build(root, ())
    if builder.problems:
        raise AnswersFileError(builder.problems)
    return SourceFile(name, data, builder.lines)


class _Builder:
    """Turn YAML nodes into plain data, recording lines and reporting bad scalars."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Loc, int] = {}
        self.problems: list[str] = []
        self._scalars = SafeConstructor()
        self._budget = _MAX_NODES

    def build(self, node: yaml.Node, loc: Loc) -> object:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        self._budget -= 1
        if self._budget < 0:
            self._report(node, "the file expands too far (aliases)")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, str(i))) for i, child in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[object, object]:
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, loc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                self._report(key_node, "a key must be a plain name")
                continue
            key_loc = (*loc, str(key))
            if key in result:
                first = self.lines[key_loc]
                self._report(key_node, f"duplicate key '{key}' (first used at line {first})")
                continue
            self.lines[key_loc] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, key_loc)
        return result

    def _scalar(self, node: yaml.Node, loc: Loc) -> object:
        if node.tag == _FLOAT_TAG:
            try:
                return Decimal(str(node.value).replace("_", ""))
            except InvalidOperation:
                pass  # .inf, .nan and sexagesimal floats: let PyYAML read them
        try:
            value = self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            where = f"{'.'.join(loc)}: " if loc else ""
            if node.tag == _TIMESTAMP_TAG:
                message = f"bad date '{node.value}': use a real date as YYYY-MM-DD"
            else:
                message = f"cannot read value '{node.value}': {exc}"
            self._report(node, where + message)
            return None
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, dt.datetime):
            return value.date()
        return value

    def _report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(f"{self.name}:{node.start_mark.line + 1}: {message}")
