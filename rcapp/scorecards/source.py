"""Read an answers file (YAML or JSON) into plain data, keeping the line of every key.

YAML goes through the shared line-keeping reader (rcapp.rubrics.yamlread): each key and
list entry keeps its line, duplicate keys are reported instead of silently replaced, and
a number is read as written (Decimal, never a binary float). JSON numbers with a fraction
are read as Decimal too; JSON carries no line numbers. Both refuse NaN and infinities,
deep nesting and huge files with a message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rcapp.rubrics.yamlread import MAX_DEPTH, read_yaml

Loc = tuple[str, ...]
MAX_NODES = 200_000  # an alias bomb must not exhaust memory
MAX_BYTES = 4_000_000  # a year's answers take well under 1 MB


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
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise AnswersFileError([f"{name}: the file is larger than {MAX_BYTES} bytes"])
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

    def constant(word: str) -> object:
        raise AnswersFileError([f"{name}: {word} is not a number: write a finite number"])

    try:
        data = json.loads(
            text, parse_float=Decimal, object_pairs_hook=pairs, parse_constant=constant
        )
    except json.JSONDecodeError as exc:
        raise AnswersFileError([f"{name}:{exc.lineno}: JSON syntax error: {exc.msg}"]) from exc
    except RecursionError as exc:
        raise AnswersFileError([f"{name}: the file is nested too deeply"]) from exc
    if _depth(data) > MAX_DEPTH:
        raise AnswersFileError([f"{name}: nested more than {MAX_DEPTH} levels deep"])
    return data


def _depth(data: object) -> int:
    """Nesting depth, without recursion (the data may be deep)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return deepest


def _yaml(text: str, name: str) -> SourceFile:
    document = read_yaml(
        text, exact_numbers=True, max_nodes=MAX_NODES, max_bytes=MAX_BYTES, plain_paths=True
    )
    if document.problems:
        raise AnswersFileError(
            [
                f"{name}:{line}: {message}" if line else f"{name}: {message}"
                for line, message in document.problems
            ]
        )
    lines = {tuple(str(step) for step in loc): line for loc, line in document.lines.items()}
    return SourceFile(name, document.data, lines)
