"""Read a rubric YAML file into a validated Rubric, or report its problems as file:line: message.

The YAML is composed (safe loader) into a node tree first, so that every key and list
entry keeps its line: pydantic errors and semantic-check findings are located by their
key/index path and mapped back to that line. Building the data from the nodes also
catches duplicate keys, which PyYAML would otherwise silently accept.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.constructor import SafeConstructor

from rcapp.rubrics.checks import Finding, Loc, check_rubric
from rcapp.rubrics.messages import describe_error
from rcapp.rubrics.model import Rubric

__all__ = [
    "LineMap",
    "LoadedRubric",
    "Problem",
    "RubricError",
    "RubricFileError",
    "format_loc",
    "load_rubric",
    "load_rubric_bytes",
    "load_rubric_text",
]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAX_NODES = 1_000_000  # an alias bomb must not exhaust memory
_FILE_NAME = re.compile(r"v([1-9][0-9]*)\.yaml")


class RubricError(Exception):
    """Base class of the rubric package's errors."""


@dataclass(frozen=True)
class Problem:
    """One problem in one rubric file; str() gives `file:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class RubricFileError(RubricError):
    """A rubric file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    sha256: str
    path: Path


def format_loc(loc: Loc) -> str:
    """Render ("sections", 1, "title") as "sections[1].title"."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
    return text


class LineMap:
    """The 1-based line of every key and list entry of a file, by its key/index path."""

    def __init__(self, path: str, lines: dict[Loc, int]) -> None:
        self.path = path
        self._lines = lines

    def __contains__(self, loc: Loc) -> bool:
        return loc in self._lines

    def line_for(self, loc: Loc) -> int | None:
        """Return the line of `loc`, or of its nearest parent present in the file."""
        for end in range(len(loc), -1, -1):
            line = self._lines.get(loc[:end])
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        text = f"{format_loc(loc)}: {message}" if loc else message
        return Problem(self.path, self.line_for(loc), text)


def load_rubric(path: str | os.PathLike[str]) -> LoadedRubric:
    """Read, parse, validate and check the rubric file at `path`; raise RubricFileError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RubricFileError([Problem(str(path), None, f"cannot read file: {reason}")]) from exc
    return load_rubric_bytes(data, path)


def load_rubric_text(text: str, path: str | os.PathLike[str]) -> LoadedRubric:
    """Load a rubric from `text` as if read from `path` (UTF-8)."""
    return load_rubric_bytes(text.encode("utf-8"), path)


def load_rubric_bytes(data: bytes, path: str | os.PathLike[str]) -> LoadedRubric:
    """Load a rubric from the bytes of the file at `path`; sha256 is the hash of `data`.

    A file named `v<N>.yaml` must hold version N of the rubric named by its directory.
    """
    name = str(path)
    text = _decode(data, name)
    lines, problems, raw = _build(text, name)
    rubric = None
    if not problems:
        rubric = _validate(raw, lines, problems)
        if rubric is not None:
            findings = check_rubric(rubric, lines) + _layout(rubric, Path(path))
            problems.extend(lines.problem(f.loc, f.message) for f in findings)
    if problems or rubric is None:
        problems.sort(key=lambda problem: problem.line or 0)
        raise RubricFileError(problems)
    return LoadedRubric(rubric=rubric, sha256=hashlib.sha256(data).hexdigest(), path=Path(path))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RubricFileError([Problem(name, line, "the file is not UTF-8 text")]) from exc


def _build(text: str, name: str) -> tuple[LineMap, list[Problem], object]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return LineMap(name, {}), [_syntax_problem(exc, name, text)], None
    if root is None:
        return LineMap(name, {}), [Problem(name, 1, "the file is empty")], None
    builder = _DataBuilder(name)
    raw = builder.build(root, ())
    return LineMap(name, builder.lines), builder.problems, raw


def _syntax_problem(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        at = text.count("\n", 0, exc.position) + 1
        return Problem(
            name, at, f"YAML syntax error: character #x{exc.character:04x} is not allowed"
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(name, None, f"YAML syntax error: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if exc.context == "expected a single document in the stream":
        return Problem(
            name, line, "YAML syntax error: a rubric file holds one document (one '---')"
        )
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
    return Problem(name, line, message)


class _DataBuilder:
    """Turn composed YAML nodes into plain data, recording lines and duplicate keys."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._scalars = SafeConstructor()
        self._active: set[int] = set()
        self._budget = _MAX_NODES

    def build(self, node: yaml.Node, loc: Loc) -> object:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        self._budget -= 1
        if id(node) in self._active or self._budget < 0:
            self._report(node, "an alias refers to itself or expands too far")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
            return self._scalar(node, loc)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[object, object]:
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._report(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            key = self._scalar(key_node, loc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                self._report(key_node, "a key must be a plain name")
                continue
            key_loc: Loc = (*loc, key if isinstance(key, str | int) else str(key))
            if key in result:
                first = self.lines[key_loc]
                message = f"{format_loc(key_loc)}: duplicate key (first used at line {first})"
                self._report(key_node, message)
                continue
            self.lines[key_loc] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, key_loc)
        return result

    def _scalar(self, node: yaml.Node, loc: Loc) -> object:
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else str(exc)
            where = f"{format_loc(loc)}: " if loc else ""
            self._report(node, f"{where}cannot read value {node.value!r}: {reason}")
            return None

    def _report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, message))


def _validate(raw: object, lines: LineMap, problems: list[Problem]) -> Rubric | None:
    try:
        return Rubric.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            described = describe_error(error, lines.__contains__)
            if described is not None:
                problems.append(lines.problem(*described))
        return None


def _layout(rubric: Rubric, path: Path) -> list[Finding]:
    """Check that a file named v<N>.yaml lives in <rubric id>/ and holds version N."""
    match = _FILE_NAME.fullmatch(path.name)
    if match is None:
        return []
    findings = []
    if rubric.id != path.parent.name:
        message = f"'{rubric.id}' does not match the directory name '{path.parent.name}'"
        findings.append(Finding(("id",), message))
    if rubric.version != int(match[1]):
        message = f"{rubric.version} does not match the file name '{path.name}'"
        findings.append(Finding(("version",), message))
    return findings
